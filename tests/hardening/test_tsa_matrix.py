"""Harness 8: every bad TSA response, and every response of a second, untrusted TSA, is refused,
and for each response that carries a token the verdict is the one ``openssl ts -verify`` gives.

The modes are those of the evidence issue's negative matrix (tests/tsa_server.py MODES): wrong
imprint, wrong hash algorithm, wrong nonce, a signer without the timeStamping EKU, a flipped
signature, an altered time, a rejection, trailing bytes, a wrong content type, an HTTP error; each
from the one-certificate TSA and the chained TSA. The untrusted TSA is a whole second PKI.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.tsa_server import MODES, LocalPki, TsaServer, build_pki

from picproof.core.errors import TimestampError
from picproof.net.tsa import build_request, load_roots, request_timestamp, verify_response

DIGEST = hashlib.sha256(b"evidence for the matrix").digest()
BAD_MODES = tuple(m for m in MODES if m not in ("ok", "slow"))
HTTP_ONLY = ("http-error", "content-type")  # no token: nothing for openssl to verify
#: Where we are deliberately stricter than openssl: it verifies the DER response and ignores bytes
#: after it; we refuse such a response (a TimeStampResp is one DER value, nothing may follow).
STRICTER = ("trailing",)


def openssl_verifies(raw: bytes, query: bytes, root: Path, untrusted: Path | None) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        resp, req = Path(tmp) / "r.tsr", Path(tmp) / "q.tsq"
        resp.write_bytes(raw)
        req.write_bytes(query)
        cmd = ["openssl", "ts", "-verify", "-in", str(resp), "-queryfile", str(req)]
        cmd += ["-CAfile", str(root)] + (["-untrusted", str(untrusted)] if untrusted else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return out.returncode == 0 and "Verification: OK" in out.stdout


@dataclass
class TsaMatrixRun:
    cases: list[tuple[str, str, bool | None]] = field(default_factory=list)
    """(case, our verdict: the refusal code or "accepted", openssl's verdict or None)."""

    def bad(self) -> list[tuple[str, str, bool | None]]:
        return [c for c in self.cases if not c[0].startswith("control")]

    def line(self) -> str:
        bad = self.bad()
        refused = sum(1 for _, ours, _ in bad if ours != "accepted")
        compared = [c for c in self.cases if c[2] is not None]
        agree = sum(1 for _, ours, ssl in compared if (ours == "accepted") == ssl)
        controls = sum(
            1 for c, ours, _ in self.cases if c.startswith("control") and ours == "accepted"
        )
        return (
            f"TSA responses: {refused}/{len(bad)} bad or untrusted refused, "
            f"{agree}/{len(compared)} verdicts agree with openssl ts -verify (the others: trailing "
            f"bytes after the response, which openssl ignores and we refuse), "
            f"controls accepted {controls}"
        )

    def failures(self) -> list[str]:
        out = [f"{case}: accepted" for case, ours, _ in self.bad() if ours == "accepted"]
        out += [
            f"{case}: ours {ours}, openssl {'OK' if ssl else 'fails'}"
            for case, ours, ssl in self.cases
            if ssl is not None
            and (ours == "accepted") != ssl
            and not (ssl and any(f"-{m}-" in case for m in STRICTER))
        ]
        out += [
            f"{c}: refused {o}"
            for c, o, _ in self.cases
            if c.startswith("control") and o != "accepted"
        ]
        return out


def _one(run: TsaMatrixRun, case: str, server: TsaServer, pki: LocalPki, mode: str) -> None:
    trusted = pki.single.root_pem  # every server is judged against the first PKI's root
    roots = load_roots([trusted])
    server.mode = mode
    try:
        if mode in HTTP_ONLY:
            try:
                request_timestamp(server.url, DIGEST, roots)
                run.cases.append((case, "accepted", None))
            except TimestampError as exc:
                run.cases.append((case, exc.code, None))
            return
        nonce = 0x1234_5678_9ABC
        query = build_request(DIGEST, nonce)
        _status, _type, raw = server.answer(query)
        try:
            verify_response(raw, DIGEST, roots, nonce=nonce, url=server.url)
            ours = "accepted"
        except TimestampError as exc:
            ours = exc.code
        run.cases.append(
            (case, ours, openssl_verifies(raw, query, trusted, server.config.extra_certs))
        )
    finally:
        server.mode = "ok"


def run_tsa_matrix(servers: dict[str, TsaServer], pki: LocalPki, rounds: int = 1) -> TsaMatrixRun:
    run = TsaMatrixRun()
    with tempfile.TemporaryDirectory(prefix="picproof-tsa2-") as tmp:
        other_pki = build_pki(Path(tmp))
        with TsaServer(other_pki.single, other_pki) as other:
            for n in range(rounds):
                for name, server in servers.items():
                    _one(run, f"control-{name}-{n}", server, pki, "ok")
                    for mode in BAD_MODES:
                        _one(run, f"{name}-{mode}-{n}", server, pki, mode)
                _one(run, f"untrusted-tsa-{n}", other, pki, "ok")
                for mode in ("no-eku", "alter-gentime"):
                    _one(run, f"untrusted-tsa-{mode}-{n}", other, pki, mode)
    return run


def test_bad_and_untrusted_tsa_responses_are_refused_as_openssl_does(
    _tsa_servers: dict[str, TsaServer], tsa_pki: LocalPki
) -> None:
    run = run_tsa_matrix(_tsa_servers, tsa_pki)
    print(run.line())
    assert len(run.bad()) == 2 * len(BAD_MODES) + 3
    assert not run.failures(), run.failures()
