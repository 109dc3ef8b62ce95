"""The twelve hardening harnesses (issue #19) at their large sizes: one line per harness with its
counts, then the reference workload time (tests/bench/_machine.py). Exit status 1 if any fails.

    python tests/bench/hardening.py                 # every harness at script size
    python tests/bench/hardening.py --size ci       # the sizes the test suite runs
    python tests/bench/hardening.py --only bombs,tsa,capture

Script sizes: 50,000 mutated images; every bomb incl. the slow-to-build large ones; 500 kill runs
during a scan and 500 during evidence import/export; 10,000 payload bit flips and 200 clean
round trips; 200 process kill runs. The kill harnesses take most of the time (~1 h on two loaded
cores); the figures are for a shared, loaded machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "desktop"))

SIZES = {
    "ci": {
        "images": 2000,
        "scan_kills": 20,
        "evidence_kills": 20,
        "flips": 400,
        "trips": 6,
        "procs": 20,
    },
    "script": {
        "images": 50_000,
        "scan_kills": 500,
        "evidence_kills": 500,
        "flips": 10_000,
        "trips": 200,
        "procs": 200,
    },
}


def _malformed(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_malformed_images import run_malformed

    run = run_malformed(n["images"])
    return run.line(), not run.failures() and run.files == n["images"]


def _bombs(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_bombs_and_formats import run_bombs

    run = run_bombs(full=n["images"] > 2000)
    return run.line(), not run.failures()


def _formats(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_bombs_and_formats import refuse_foreign

    refused, total, problems = refuse_foreign()
    return f"formats outside the allow-list: {refused}/{total} refused, decoded 0", not problems


def _scan_kills(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_kill_scan import run_scan_kills

    run = run_scan_kills(n["scan_kills"])
    return run.line(), run.ok() and run.runs == n["scan_kills"]


def _evidence_kills(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_kill_evidence import run_evidence_kills

    run = run_evidence_kills(n["evidence_kills"])
    return run.line(), run.ok()


def _atomic(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_atomic_faults import run_atomic_faults

    run = run_atomic_faults()
    return run.line(), not run.failures()


def _with_tsa(body: Callable[..., tuple[str, bool]]) -> tuple[str, bool]:
    from tests.tsa_server import TsaServer, build_pki

    with tempfile.TemporaryDirectory(prefix="picproof-bench-pki-") as tmp:
        pki = build_pki(Path(tmp))
        with TsaServer(pki.single, pki) as single, TsaServer(pki.chain, pki) as chain:
            return body({"single": single, "chain": chain}, pki)


def _tamper(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_bundle_tamper import run_tamper

    def body(servers, pki):  # type: ignore[no-untyped-def]
        run = run_tamper(servers["chain"], pki, flips=n["flips"], round_trips=n["trips"])
        return run.line(), not run.misses and run.false_alarms == 0

    return _with_tsa(body)


def _tsa(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_tsa_matrix import run_tsa_matrix

    def body(servers, pki):  # type: ignore[no-untyped-def]
        run = run_tsa_matrix(servers, pki, rounds=3 if n["images"] > 2000 else 1)
        return run.line(), not run.failures()

    return _with_tsa(body)


def _imports(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_bundle_import_attacks import run_import_attacks

    run = run_import_attacks()
    return run.line(), not run.failures() and run.written_bytes == 0


def _secrets(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_secrets_at_rest import run_secrets

    def body(servers, pki):  # type: ignore[no-untyped-def]
        from tests.pg_cluster import PgCluster, pg_bin_dir

        tsa = servers["single"]
        if pg_bin_dir() is None:
            run = run_secrets(tsa.url, str(tsa.config.root_pem), None)
            return run.line() + " (no PostgreSQL here: clinic password not tried)", not run.found
        import os

        from picproof.store.postgres.admin import init_clinic

        with PgCluster() as cluster:
            owner = cluster.create_database("bench_secrets")
            password = "admin-" + os.urandom(6).hex()
            init_clinic(owner, admin="bench_secrets_admin", admin_password=password)
            url = cluster.url("bench_secrets_admin", password, "bench_secrets")
            run = run_secrets(tsa.url, str(tsa.config.root_pem), url)
        return run.line(), not run.found

    return _with_tsa(body)


def _capture(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_capture_hostile import run_capture

    run = run_capture(rounds=3 if n["images"] > 2000 else 1)
    return run.line(), not run.failures()


def _processes(n: dict[str, int]) -> tuple[str, bool]:
    from tests.hardening.test_kill_processes import run_process_kills

    run = run_process_kills(n["procs"])
    return run.line(), not run.failures()


HARNESSES: dict[str, Callable[[dict[str, int]], tuple[str, bool]]] = {
    "malformed": _malformed,
    "bombs": _bombs,
    "formats": _formats,
    "scan-kills": _scan_kills,
    "evidence-kills": _evidence_kills,
    "atomic": _atomic,
    "tamper": _tamper,
    "tsa": _tsa,
    "imports": _imports,
    "secrets": _secrets,
    "capture": _capture,
    "processes": _processes,
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=("ci", "script"), default="script")
    ap.add_argument("--only", default="", help="comma-separated: " + ", ".join(HARNESSES))
    args = ap.parse_args()
    chosen = [h for h in args.only.split(",") if h] or list(HARNESSES)
    sizes = SIZES[args.size]
    failed = 0
    for number, name in enumerate(HARNESSES, start=1):
        if name not in chosen:
            continue
        started = time.monotonic()
        try:
            line, ok = HARNESSES[name](sizes)
        except Exception as exc:  # noqa: BLE001 - a harness that breaks is a failure, said
            line, ok = f"{name}: harness error {type(exc).__name__}: {exc}", False
        failed += not ok
        status = "PASS" if ok else "FAIL"
        print(f"{number:2d} {status} {line} [{time.monotonic() - started:.0f} s]", flush=True)
    from tests.bench._machine import reference_line

    print(reference_line())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
