"""Adds evidence files one at a time and acknowledges each on stdout (harness 5).

``python -m tests.hardening._evidence_driver DATA_DIR CASE_ID FILE...``: after each file is added
(``CaseService.add_evidence`` has returned: what the GUI and the CLI tell the user as done), prints
``ACK <evidence id> <sha256>``. A kill -9 may land anywhere; every acknowledged item must survive.
"""

from __future__ import annotations

import sys

from picproof.services.context import open_services


def main(argv: list[str]) -> int:
    data, case_id, *files = argv
    services = open_services(data)
    for path in files:
        (item,) = services.cases.add_evidence(int(case_id), [path])
        sys.stdout.write(f"ACK {item.id} {item.sha256}\n")
        sys.stdout.flush()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
