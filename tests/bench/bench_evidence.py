"""Evidence pipeline figures: add, timestamp (local OpenSSL TSA), export, verify, import.

Run: .venv/bin/python tests/bench/bench_evidence.py [ITEMS] [KB_PER_ITEM]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.tsa_server import TsaServer, build_pki


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    kb = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    from picproof.services.bundle_verify import verify_bundle
    from picproof.services.context import open_services

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        files = []
        for i in range(items):
            path = tmp / "in" / f"shot{i:04d}.bin"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(os.urandom(kb * 1024))
            files.append(path)
        pki = build_pki(tmp / "pki")
        svc = open_services(tmp / "data")
        case = svc.cases.create_case("bench")
        t = time.perf_counter()
        svc.cases.add_evidence(case.id, files)
        add_s = time.perf_counter() - t
        with TsaServer(pki.chain, pki) as tsa:
            root = [str(pki.chain.root_pem)]
            t = time.perf_counter()
            run = svc.timestamps.timestamp_case(case.id, url=tsa.url, roots=root)
            ts_s = time.perf_counter() - t
            t = time.perf_counter()
            result = svc.bundles.export(case.id, tmp / "b.zip", url=tsa.url, roots=root)
            export_s = time.perf_counter() - t
        svc.close()
        t = time.perf_counter()
        report = verify_bundle(tmp / "b.zip")
        verify_s = time.perf_counter() - t
        other = open_services(tmp / "clinic")
        t = time.perf_counter()
        other.bundles.import_bundle(tmp / "b.zip")
        import_s = time.perf_counter() - t
        other.close()
        mb = items * kb / 1024
        print(
            f"items {items} x {kb} KB ({mb:.1f} MB), bundle {result.files} files, "
            f"{(tmp / 'b.zip').stat().st_size / 1e6:.1f} MB"
        )
        print(f"add (copy+fsync+row+log): {add_s:.2f} s  ({items / add_s:.0f} items/s)")
        print(
            f"timestamp per item (local OpenSSL TSA, verified): {ts_s:.2f} s  "
            f"({1000 * ts_s / max(run.timestamped, 1):.1f} ms/token)"
        )
        print(f"export (with log-head + manifest tokens): {export_s:.2f} s")
        print(f"verify: {verify_s:.2f} s ok={report.ok} tokens={report.tokens_verified}")
        print(f"import: {import_s:.2f} s")


if __name__ == "__main__":
    main()
