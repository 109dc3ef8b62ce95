"""Clinic mode under load, with faults: many clients adding evidence to shared cases at once.

    .venv/bin/python tests/bench/clinic_load.py [--clients 8] [--items 200] [--cases 3]
        [--kills 50] [--no-restart] [--images DIR]

Starts a throwaway PostgreSQL cluster (tests/pg_cluster.py), sets up a clinic (one staff login per
client, every client assigned to every case), and runs ``--clients`` processes, each adding
``--items`` real screenshots (the dev set's, each made unique by a JPEG/PNG comment so nothing is
deduplicated) one by one through the ordinary service (``Services.cases.add_evidence``), spread
over ``--cases`` shared cases. Meanwhile it kill -9s a random client at random moments
(``--kills``) and restarts the server once (immediate stop: as a crash). A killed client is
started again and goes on where it stopped; as a person would, it first looks whether the item it
was adding when it died is in the case.

A client acknowledges an item only after add_evidence returned (a line fsynced to its ack file).
Prints: items stored vs expected, acknowledged items missing (must be 0), duplicates, partial
rows (evidence without its custody entry or file, or the reverse), every chain verified, every
stored file re-hashed from the server, p50/p95 latency of one addition.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEFAULT_IMAGES = ROOT.parent / "shared" / "bench" / "dev" / "screenshots"


# -- unique real images ------------------------------------------------------------------------
def unique_copy(source: bytes, tag: str) -> bytes:
    """The same picture with a comment naming ``tag``: a different file, a valid image."""
    note = tag.encode("ascii")
    if source[:2] == b"\xff\xd8":  # JPEG: a COM segment right after SOI
        return source[:2] + b"\xff\xfe" + struct.pack(">H", len(note) + 2) + note + source[2:]
    if source[:8] == b"\x89PNG\r\n\x1a\n":  # PNG: a tEXt chunk after IHDR
        body = b"tEXt" + b"picproof\x00" + note
        chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
        return source[:33] + chunk + source[33:]
    raise ValueError("not a JPEG or PNG")


def make_images(source_dir: Path, out: Path, clients: int, items: int) -> None:
    sources = sorted(p for p in source_dir.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    if not sources:
        raise SystemExit(f"no screenshots in {source_dir}")
    for c in range(clients):
        folder = out / f"c{c}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(items):
            src = sources[(c * items + i) % len(sources)]
            (folder / f"{i:04d}{src.suffix.lower()}").write_bytes(
                unique_copy(src.read_bytes(), f"client {c} item {i}")
            )


# -- one client --------------------------------------------------------------------------------
def client(args: argparse.Namespace) -> int:
    import hashlib

    from picproof.core.errors import PicProofError
    from picproof.services.context import open_services

    os.environ["PICPROOF_DB"] = args.url
    services = open_services(args.data)
    cases = json.loads(args.case_ids)
    acks = Path(args.acks)
    done = set()
    if acks.exists():
        text = acks.read_text()
        if text and not text.endswith("\n"):  # killed while writing a line: close it
            with open(acks, "a", encoding="utf-8") as fix:
                fix.write("\n")
        done = {int(line.split()[0]) for line in text.splitlines() if line.strip()}
    images = sorted(Path(args.images).iterdir())
    first = True
    with open(acks, "a", encoding="utf-8") as out:
        for i, path in enumerate(images):
            if i in done:
                continue
            case_id = cases[(args.index + i) % len(cases)]
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if first:  # after a kill: was the item being added saved after all?
                try:
                    found = [e for e in services.cases.list_evidence(case_id) if e.sha256 == sha]
                except PicProofError as exc:
                    print(f"client {args.index} item {i}: {exc}", file=sys.stderr)
                    return 3
                if found:
                    out.write(f"{i} {found[0].id} {sha} -1\n")
                    out.flush()
                    os.fsync(out.fileno())
                    first = False
                    continue
            first = False
            start = time.perf_counter()
            try:
                [item] = services.cases.add_evidence(case_id, [path], kind="suspect")
            except PicProofError as exc:  # reported by the parent as a failed client
                print(f"client {args.index} item {i}: {exc}", file=sys.stderr)
                return 3
            took = time.perf_counter() - start
            out.write(f"{i} {item.id} {sha} {took:.4f}\n")
            out.flush()
            os.fsync(out.fileno())
    services.close()
    return 0


# -- the parent --------------------------------------------------------------------------------
def setup(cluster, n_clients: int, n_cases: int, tmp: Path) -> tuple[str, list[str], list[int]]:
    import psycopg

    from picproof.store.postgres.admin import add_person, assign, init_clinic
    from picproof.store.postgres.case_store import PgCaseStore

    owner = cluster.create_database("clinic")
    init_clinic(owner, admin="boss", admin_password="boss-pw")
    admin_url = cluster.url("boss", "boss-pw", "clinic")
    urls = []
    with psycopg.connect(admin_url) as conn:
        for c in range(n_clients):
            add_person(conn, f"staff{c}", "staff", f"pw{c}")
            urls.append(cluster.url(f"staff{c}", f"pw{c}", "clinic"))
    store = PgCaseStore(admin_url, tmp / "admin-cache")
    case_ids = []
    for k in range(n_cases):
        with store.transaction():
            cid = store.insert_case(
                uid=f"shared-{k}", title=f"Shared case {k}", kind="impersonation",
                status="open", details={}, operator="boss", now="2026-12-03T00:00:00Z",
            )  # fmt: skip
            store.append_custody(cid, f"shared-{k}", "case-created", {}, "2026-12-03T00:00:00Z")
        case_ids.append(cid)
    store.close()
    with psycopg.connect(admin_url) as conn:
        for cid in case_ids:
            for c in range(n_clients):
                assign(conn, cid, f"staff{c}")
    return admin_url, urls, case_ids


def spawn(index: int, url: str, case_ids: list[int], tmp: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, __file__, "client", "--index", str(index), "--url", url,
        "--case-ids", json.dumps(case_ids), "--data", str(tmp / f"data{index}"),
        "--images", str(tmp / "images" / f"c{index}"), "--acks", str(tmp / f"acks{index}.txt"),
    ]  # fmt: skip
    return subprocess.Popen(cmd, stderr=open(tmp / f"client{index}.err", "ab"))  # noqa: SIM115


def run_load(args: argparse.Namespace) -> int:
    from tests.pg_cluster import PgCluster

    tmp = Path(tempfile.mkdtemp(prefix="clinic-load-"))
    rng = random.Random(args.seed)
    print(f"making {args.clients * args.items} unique images from {args.images} …", flush=True)
    make_images(args.images, tmp / "images", args.clients, args.items)
    cluster = PgCluster()
    cluster.start()
    try:
        admin_url, urls, case_ids = setup(cluster, args.clients, args.cases, tmp)
        started = time.monotonic()
        procs = {i: spawn(i, urls[i], case_ids, tmp) for i in range(args.clients)}
        kills, restarted, respawns, failed = 0, False, 0, 0
        total = args.clients * args.items
        while procs:
            time.sleep(rng.uniform(0.3, 1.2))
            for i, p in list(procs.items()):
                code = p.poll()
                if code is None:
                    continue
                del procs[i]
                if code != 0:
                    failed += 1
                    procs[i] = spawn(i, urls[i], case_ids, tmp)
                    respawns += 1
            acked = sum(_count_lines(tmp / f"acks{i}.txt") for i in range(args.clients))
            if not restarted and not args.no_restart and acked >= total * 0.4:
                print(f"restarting the server at {acked} items …", flush=True)
                cluster.restart(down_seconds=1.0)
                restarted = True
            if kills < args.kills and procs and acked < total * 0.97:
                victim = rng.choice(sorted(procs))
                procs[victim].send_signal(signal.SIGKILL)
                procs[victim].wait()
                kills += 1
                procs[victim] = spawn(victim, urls[victim], case_ids, tmp)
                respawns += 1
        elapsed = time.monotonic() - started
        report = check(admin_url, case_ids, tmp, args.clients, args.items)
        errors: dict[str, int] = {}
        for i in range(args.clients):
            for line in (tmp / f"client{i}.err").read_text(errors="replace").splitlines():
                if line.startswith("client ") and ": " in line:
                    code = line.split(": ", 1)[1].split("(", 1)[0]
                    errors[code] = errors.get(code, 0) + 1
        report.update(
            clients=args.clients, items_per_client=args.items, cases=args.cases,
            kills=kills, server_restarts=int(restarted), client_exits_with_error=failed,
            client_errors=errors, wall_seconds=round(elapsed, 1),
        )  # fmt: skip
        print(json.dumps(report, indent=2))
        ok = report["acknowledged_lost"] == 0 and report["partial_rows"] == 0
        ok = ok and report["chains_ok"] == args.cases and report["files_bad"] == 0
        return 0 if ok and report["items"] == total else 1
    finally:
        cluster.remove()
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


def _count_lines(path: Path) -> int:
    try:
        return sum(1 for line in path.read_text().splitlines() if line.strip())
    except OSError:
        return 0


def check(admin_url: str, case_ids: list[int], tmp: Path, clients: int, items: int) -> dict:
    import hashlib

    import psycopg

    from picproof.core.custody import verify_chain
    from picproof.store.postgres.case_store import PgCaseStore

    acked: dict[int, str] = {}
    latencies = []
    for c in range(clients):
        for line in (tmp / f"acks{c}.txt").read_text().splitlines():
            if len(line.split()) != 4 or len(line.split()[2]) != 64:
                continue  # cut short by a kill: not an acknowledgement
            _, eid, sha, took = line.split()
            acked[int(eid)] = sha
            if float(took) >= 0:
                latencies.append(float(took))
    store = PgCaseStore(admin_url, tmp / "check-cache")
    rows = []
    chains_ok = 0
    partial = 0
    for cid in case_ids:
        evidence = store.evidence_rows(cid)
        rows += evidence
        log = store.custody(cid)
        if verify_chain(log, case_uid=log[0].case_uid) == []:
            chains_ok += 1
        logged = {int(e.data["evidence_id"]) for e in log if e.event == "evidence-added"}
        ids = {e.id for e in evidence}
        partial += len(logged ^ ids)
    with psycopg.connect(admin_url) as conn:
        missing_files = conn.execute(
            "SELECT count(*) FROM picproof.evidence e"
            " WHERE NOT EXISTS (SELECT 1 FROM picproof.blobs b WHERE b.sha256 = e.sha256)"
        ).fetchone()
    partial += int(missing_files[0]) if missing_files else 0
    stored = {e.id: e.sha256 for e in rows}
    lost = [eid for eid, sha in acked.items() if stored.get(eid) != sha]
    shas = [e.sha256 for e in rows]
    bad_files = 0
    for sha in set(shas):
        if hashlib.sha256(store.blobs.read_bytes(sha)).hexdigest() != sha:
            bad_files += 1
    store.close()
    latencies.sort()
    return {
        "items": len(rows),
        "expected": clients * items,
        "acknowledged": len(acked),
        "acknowledged_lost": len(lost),
        "duplicates": len(shas) - len(set(shas)),
        "partial_rows": partial,
        "chains_ok": chains_ok,
        "files_rehashed": len(set(shas)),
        "files_bad": bad_files,
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "latency_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)
        if latencies
        else None,
        "latency_max_ms": round(1000 * latencies[-1], 1) if latencies else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode")
    c = sub.add_parser("client")
    c.add_argument("--index", type=int, required=True)
    c.add_argument("--url", required=True)
    c.add_argument("--case-ids", required=True)
    c.add_argument("--data", required=True)
    c.add_argument("--images", required=True)
    c.add_argument("--acks", required=True)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--cases", type=int, default=3)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--no-restart", action="store_true")
    ap.add_argument("--images", type=Path, default=DEFAULT_IMAGES)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (acks, logs)")
    args = ap.parse_args()
    if args.mode == "client":
        return client(args)
    return run_load(args)


if __name__ == "__main__":
    sys.exit(main())
