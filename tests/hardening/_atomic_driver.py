"""Ends the process (os._exit) at one step of one atomic write (harness 6).

``python -m tests.hardening._atomic_driver DATA_DIR WHAT STEP``; WHAT is ``settings`` (save changed
settings) or ``evidence`` (add one evidence file). Exit status 86 means the exit point was reached.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from picproof.core.atomic import fault_points
from picproof.services.context import open_services


def main(argv: list[str]) -> int:
    data, what, step = argv
    services = open_services(data)

    def hook(name: str, _target: Path) -> None:
        if name == step:
            os._exit(86)

    with fault_points(hook):
        if what == "settings":
            services.settings.operator_name = "New Name"
            services.save_settings()
        else:
            services.cases.add_evidence_bytes(1, b"new evidence " * 1000, "new.bin")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
