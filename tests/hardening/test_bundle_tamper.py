"""Harness 7: every kind of tampering with an evidence bundle is detected and the item named; a
clean round trip never raises a false alarm.

Tampering: every byte of manifest.json, SHA256SUMS and the custody log flipped (the log also with
the manifest and SHA256SUMS rehashed by a careful forger), random single-bit flips in every other
member, deleting / adding / renaming / swapping members, reordering, truncating or extending the
log, and forged manifests: rehashed with the old timestamp, with the manifest timestamp removed,
and re-stamped by a second TSA with its own root shipped in the bundle. CI runs a reduced size
(tests/bench/hardening.py the full one: >= 10,000 bit flips, >= 200 clean round trips).
"""

from __future__ import annotations

import hashlib
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import save_photo
from tests.tsa_server import LocalPki, TsaServer, build_pki
from tests.unit.services.test_bundle import read_members, rehash

from picproof.net.tsa import load_roots, request_timestamp
from picproof.services.bundle_format import CUSTODY_LOG, MANIFEST, MANIFEST_TOKEN, is_root_pem
from picproof.services.bundle_verify import VerifyReport, verify_bundle, verify_members
from picproof.services.context import open_services

CI_FLIPS = 400
CI_ROUND_TRIPS = 6


@dataclass
class TamperRun:
    counts: dict[str, list[int]] = field(default_factory=dict)
    """attack kind -> [tried, detected with the item named]"""
    round_trips: int = 0
    false_alarms: int = 0
    misses: list[str] = field(default_factory=list)
    untrusted_root_unpinned: str = ""

    def add(self, kind: str, named: bool, what: str) -> None:
        tried = self.counts.setdefault(kind, [0, 0])
        tried[0] += 1
        tried[1] += named
        if not named:
            self.misses.append(f"{kind}: {what}")

    def line(self) -> str:
        parts = ", ".join(f"{k} {d}/{t}" for k, (t, d) in self.counts.items())
        return (
            f"bundle tampering: detected and named {parts}; clean round trips {self.round_trips} "
            f"with {self.false_alarms} false alarms; forger's own TSA root without pinning: "
            f"{self.untrusted_root_unpinned}"
        )


def _named(report: VerifyReport, name: str) -> bool:
    return not report.ok and any(
        i.path == name or (i.detail and name in i.detail) for i in report.issues
    )


def _make_case(root: Path, tsa: TsaServer, n: int) -> tuple[Path, int]:
    data = root / f"sender{n}"
    services = open_services(data)
    case = services.cases.create_case(f"Tamper case {n}", "impersonation")
    shots = [save_photo(root / f"shot{n}-{i}.png", 160, 120, seed=n * 10 + i) for i in range(2)]
    services.cases.add_evidence(case.id, shots, platform="Tinder", account="fake.profile")
    root_pem = str(tsa.config.root_pem)
    services.bundles.export(case.id, root / f"bundle{n}.zip", url=tsa.url, roots=[root_pem])
    services.close()
    return root / f"bundle{n}.zip", case.id


def _pem_ders(pem: bytes):  # type: ignore[no-untyped-def]
    """(label, DER, rebuild) for each certificate in a PEM file; rebuild(der) gives the file
    with that certificate replaced."""
    import base64
    import re

    blocks = list(re.finditer(rb"-----BEGIN ([A-Z ]+)-----\r?\n(.*?)-----END \1-----", pem, re.S))
    for n, block in enumerate(blocks):
        der = base64.b64decode(b"".join(block.group(2).split()))

        def rebuild(new: bytes, block=block) -> bytes:  # type: ignore[no-untyped-def]
            body = base64.encodebytes(new).replace(b"\n", b"")
            lines = b"\n".join(body[i : i + 64] for i in range(0, len(body), 64))
            text = b"-----BEGIN " + block.group(1) + b"-----\n" + lines + b"\n-----END "
            return pem[: block.start()] + text + block.group(1) + b"-----" + pem[block.end() :]

        yield f"certificate {n}", der, rebuild


def _sums_only(members: dict[str, bytes]) -> dict[str, bytes]:
    out = dict(members)
    out["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(out[p]).hexdigest()}  {p}\n" for p in sorted(out) if p != "SHA256SUMS"
    ).encode()
    return out


def run_tamper(
    tsa: TsaServer, pki: LocalPki, *, flips: int, round_trips: int, every_byte: bool = True
) -> TamperRun:
    run = TamperRun()
    rng = random.Random(7)
    genuine_root = str(pki.single.root_pem)
    with tempfile.TemporaryDirectory(prefix="picproof-tamper-") as tmp:
        root = Path(tmp)
        bundle, _ = _make_case(root, tsa, 0)
        m = read_members(bundle)
        quick: Callable[[dict[str, bytes]], VerifyReport] = lambda members: verify_members(  # noqa: E731
            members, quick=True
        )

        # every byte of the manifest, the custody log and SHA256SUMS
        for name in (MANIFEST, CUSTODY_LOG, "SHA256SUMS"):
            raw = m[name]
            positions = range(len(raw)) if every_byte else rng.sample(range(len(raw)), 200)
            for pos in positions:
                changed = {**m, name: raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]}
                run.add(f"{name} bytes", _named(quick(changed), name), f"byte {pos}")
        raw = m[CUSTODY_LOG]
        for pos in range(len(raw)) if every_byte else rng.sample(range(len(raw)), 200):
            changed = {**m, CUSTODY_LOG: raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]}
            report = quick(rehash(changed, CUSTODY_LOG))
            run.add(
                "log bytes, manifest rehashed",
                any(i.code.startswith("log-") for i in report.issues),
                f"byte {pos}",
            )

        # random single-bit flips in every other member
        others = sorted(n for n in m if n not in (MANIFEST, CUSTODY_LOG, "SHA256SUMS"))
        for n in range(flips):
            name = others[n % len(others)]
            data = bytearray(m[name])
            pos = rng.randrange(len(data))
            data[pos] ^= 1 << rng.randrange(8)
            report = verify_members({**m, name: bytes(data)})
            hit = _named(report, name) or (name == "SHA256SUMS" and not report.ok)
            run.add("payload bit flips", hit, f"{name} byte {pos}")

        # the DER inside each certificate file (issuer and subject sit in its first 400 bytes)
        for name in sorted(n for n in m if n.endswith(".pem")):
            for pem_name, der, rebuild in _pem_ders(m[name]):
                step = 1 if flips > 1000 else 7  # CI: every byte of the names, then every 7th
                names = range(min(len(der), 400))  # low bit (tags, lengths) and high bit (text)
                spots = {(p, 0x01) for p in names} | {(p, 0x80) for p in names}
                spots |= {(p, 0x01) for p in range(0, len(der), step)}
                for pos, mask in sorted(spots):
                    flipped = rebuild(der[:pos] + bytes([der[pos] ^ mask]) + der[pos + 1 :])
                    report = verify_members({**m, name: flipped})
                    run.add("certificate bytes", _named(report, name), f"{name} {pem_name} {pos}")

        # structure: delete, add, rename, swap
        evidence = sorted(n for n in m if n.startswith("evidence/"))
        for name in sorted(m):
            report = verify_members({k: v for k, v in m.items() if k != name})
            run.add("delete", _named(report, name) or not report.ok and name == "SHA256SUMS", name)
        for name in evidence:
            moved = name.replace("evidence/", "evidence/x-")
            report = verify_members({(moved if k == name else k): v for k, v in m.items()})
            run.add("rename", _named(report, name) and _named(report, moved), name)
        report = verify_members({**m, "evidence/999-extra.png": b"planted"})
        run.add("add", _named(report, "evidence/999-extra.png"), "extra file")
        a, b = evidence[0], evidence[1]
        report = verify_members({**m, a: m[b], b: m[a]})
        run.add("swap", _named(report, a) and _named(report, b), f"{a} <-> {b}")

        # the log reordered, truncated, extended (each with the manifest rehashed)
        lines = m[CUSTODY_LOG].splitlines(keepends=True)
        variants = {
            "reorder": b"".join([lines[1], lines[0], *lines[2:]]),
            "truncate": b"".join(lines[:-1]),
            "extend": m[CUSTODY_LOG] + lines[-1],
        }
        for kind, log in variants.items():
            report = verify_members(rehash({**m, CUSTODY_LOG: log}, CUSTODY_LOG))
            run.add(f"log {kind}", any(i.code.startswith("log-") for i in report.issues), kind)

        # forged manifests
        shot = evidence[0]
        forged = rehash({**m, shot: m[shot] + b"appended"}, shot)
        report = verify_members(forged)
        run.add("forged manifest, old timestamp", _named(report, MANIFEST_TOKEN), "imprint")
        no_token = _sums_only({k: v for k, v in forged.items() if k != MANIFEST_TOKEN})
        report = verify_members(no_token)
        run.add(
            "forged manifest, timestamp removed",
            not report.ok and any(Path(shot).name in (i.path or "") for i in report.issues),
            "item token",
        )
        forger_pki = build_pki(root / "forger")
        with TsaServer(forger_pki.single, forger_pki) as forger:
            fake_root = forger.config.root_pem.read_bytes()
            refit = dict(forged)
            for name in [n for n in refit if is_root_pem(n)]:
                refit[name] = fake_root
                refit = rehash(refit, name)
            raw_token, _ = request_timestamp(
                forger.url,
                hashlib.sha256(refit[MANIFEST]).digest(),
                load_roots([forger.config.root_pem]),
            )
            refit = _sums_only({**refit, MANIFEST_TOKEN: raw_token})
            pinned = verify_members(refit, extra_roots=[genuine_root])
            run.add("forged manifest, forger's TSA, pinned roots", not pinned.ok, "untrusted")
            unpinned = verify_members(refit)
            run.untrusted_root_unpinned = (
                "refused" if not unpinned.ok else "passes, flagged only as roots-from-bundle"
            )

        # clean round trips: export, verify, import elsewhere, export again, verify
        for n in range(round_trips):
            path, _ = _make_case(root, tsa, n + 1)
            ok = verify_bundle(path).ok and verify_bundle(path, extra_roots=[genuine_root]).ok
            receiver = open_services(root / f"receiver{n}")
            case = receiver.bundles.import_bundle(path)
            again = root / f"again{n}.zip"
            receiver.bundles.export(case.id, again)
            ok = ok and verify_bundle(again).ok
            receiver.close()
            run.round_trips += 1
            run.false_alarms += not ok
    return run


def test_tampering_is_detected_and_named_with_no_false_alarm(tsa_chain, tsa_pki) -> None:  # type: ignore[no-untyped-def]
    run = run_tamper(tsa_chain, tsa_pki, flips=CI_FLIPS, round_trips=CI_ROUND_TRIPS)
    print(run.line())
    assert not run.misses, run.misses[:10]
    assert run.false_alarms == 0 and run.round_trips == CI_ROUND_TRIPS
    assert run.counts["payload bit flips"][0] == CI_FLIPS
