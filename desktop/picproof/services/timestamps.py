"""Trusted timestamps for a case's evidence, from the configured TSAs (services/tsa_config.py).

Each evidence file's SHA-256 gets its own token, so each item's proof can be checked on its own with
``openssl ts -verify -data FILE``. Tokens are asked from two different operators when both answer,
so one revoked or failed TSA does not leave a case unproven. When no TSA answers (offline), items
stay "not yet timestamped" and a later run completes them; nothing is lost and nothing pretends to
be timestamped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from picproof.core.cases import TimestampRecord, TimestampRun
from picproof.core.errors import BadInput, SecretStoreError, TimestampError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import tsa_config
from picproof.services.cases import CaseService, TokenFacts
from picproof.services.settings import Settings
from picproof.services.tsa_config import TsaTarget

__all__ = ["TimestampService", "TsaTarget", "read_roots"]

#: Independent operators asked for each digest (a second one guards against one TSA's revocation).
OPERATORS_PER_DIGEST = 2
#: Failures that mean a service is down for this run (not a problem with one particular token).
_DOWN = ("tsa-unreachable", "tsa-timeout", "tsa-http-error")


class TimestampService:
    def __init__(self, cases: CaseService, settings: Settings, *, timeout: float = 15.0) -> None:
        self.cases = cases
        self.settings = settings
        self.timeout = timeout

    def targets(self, url: str | None = None, roots: Sequence[str] = ()) -> list[TsaTarget]:
        """An explicit ``url`` (CLI ``--tsa``) or the enabled TSAs from the settings, in order."""
        if url:
            if not roots:
                raise BadInput("tsa-roots-missing", url=url)
            return [TsaTarget(url, tuple(str(r) for r in roots), operator=url)]
        return tsa_config.targets(self.settings)

    def why_none(self) -> str:
        """Reason code when :meth:`targets` is empty (consent not given yet, refused, none set)."""
        return tsa_config.why_none(self.settings)

    def _auth(self, target: TsaTarget) -> tuple[str, str] | None:
        if not target.username:
            return None
        from picproof.services.secrets import get_secret, tsa_secret_name

        try:
            password = get_secret("tsa", tsa_secret_name(target.username, target.url))
        except SecretStoreError:
            password = None
        return (target.username, password) if password is not None else None

    def stamp_digest(
        self,
        digest_hex: str,
        targets: Sequence[TsaTarget],
        errors: list[tuple[str, str]],
        client: Any = None,
    ) -> tuple[TsaTarget, bytes, Any] | None:
        """The first verified token any TSA gives; each failure is recorded in ``errors``."""
        found = self.stamp_digest_many(digest_hex, targets, errors, client, operators=1)
        return found[0] if found else None

    def stamp_digest_many(
        self,
        digest_hex: str,
        targets: Sequence[TsaTarget],
        errors: list[tuple[str, str]],
        client: Any = None,
        *,
        operators: int = OPERATORS_PER_DIGEST,
        down: set[str] | None = None,
    ) -> list[tuple[TsaTarget, bytes, Any]]:
        """Verified tokens from up to ``operators`` different operators, in ``targets`` order.

        ``down`` collects the URLs that could not be reached; they are skipped for the rest of a
        run instead of costing a time-out per item."""
        from picproof.net.tsa import TsaClient, load_roots

        down = set() if down is None else down
        own = client is None
        client = client or TsaClient(self.timeout)
        found: list[tuple[TsaTarget, bytes, Any]] = []
        try:
            for target in targets:
                if len(found) >= operators:
                    break
                if target.url in down or any(t.operator == target.operator for t, _, _ in found):
                    continue
                try:
                    roots = load_roots(target.trust_roots)
                    raw, info = client.request(
                        target.url, bytes.fromhex(digest_hex), roots, auth=self._auth(target)
                    )
                    found.append((target, raw, info))
                except TimestampError as exc:
                    errors.append((target.url, exc.code))
                    if exc.code in _DOWN:
                        down.add(target.url)
            return found
        finally:
            if own:
                client.__exit__(None, None, None)

    def pending(self, case_id: int) -> list[Any]:
        return [i for i in self.cases.list_evidence(case_id) if i.timestamp is None]

    def timestamp_case(
        self,
        case_id: int,
        *,
        url: str | None = None,
        roots: Sequence[str] = (),
        progress: Progress = NULL_PROGRESS,
    ) -> TimestampRun:
        case = self.cases.get_case(case_id)
        targets = self.targets(url, roots)
        todo = self.pending(case.id)
        if not targets:
            return TimestampRun(0, len(todo), None, (("", self.why_none()),))
        from picproof.net.tsa import TsaClient

        errors: list[tuple[str, str]] = []
        with TsaClient(self.timeout) as client:
            used, done = self._run(case.id, case.uid, todo, targets, errors, client, progress)
        progress.update(len(todo), len(todo), "")
        return TimestampRun(done, len(todo) - done, used, tuple(dict.fromkeys(errors)))

    def _run(
        self,
        case_id: int,
        case_uid: str,
        todo: list[Any],
        targets: list[TsaTarget],
        errors: list[tuple[str, str]],
        client: Any,
        progress: Progress,
    ) -> tuple[str | None, int]:
        done, used = 0, None
        seen: set[str] = set()
        down: set[str] = set()
        for n, item in enumerate(todo):
            progress.update(n, len(todo), item.filename)
            if item.sha256 in seen:
                done += 1
                continue
            found = self.stamp_digest_many(item.sha256, targets, errors, client, down=down)
            if not found:
                break  # every TSA failed: offline; the rest stay pending for a later run
            for target, raw, info in found:
                self.record(case_id, case_uid, item.id, "evidence", target, raw, info)
            seen.add(item.sha256)
            used = found[0][0].url
            done += 1
        return used, done

    def record(
        self,
        case_id: int,
        case_uid: str,
        evidence_id: int | None,
        subject: str,
        target: TsaTarget,
        raw: bytes,
        info: Any,
    ) -> TimestampRecord:
        token = TokenFacts(
            digest_sha256=info.digest_sha256,
            tsa_url=target.url,
            tsa_name=info.tsa_name,
            gen_time=info.gen_time,
            serial=info.serial,
            policy=info.policy,
            response_der=raw,
            roots_pem=b"".join(read_roots(target.trust_roots)),
        )
        return self.cases.record_timestamp(case_id, evidence_id, subject, token)

    def stamp_log_head(
        self, case_id: int, targets: Sequence[TsaTarget], errors: list[tuple[str, str]]
    ) -> TimestampRecord | None:
        """Timestamp the custody-log head hash (done at export)."""
        case = self.cases.get_case(case_id)
        log = self.cases.custody_log(case.id)
        if not log:
            return None
        found = self.stamp_digest_many(log[-1].hash, targets, errors)
        records = [
            self.record(case.id, case.uid, None, "log-head", target, raw, info)
            for target, raw, info in found
        ]
        return records[0] if records else None


def read_roots(paths: Sequence[str]) -> list[bytes]:
    """PEM bytes of each root file (copied into bundles under ``tsa/``)."""
    out = []
    for p in paths:
        try:
            out.append(Path(p).read_bytes())
        except OSError as exc:
            raise TimestampError("tsa-bad-roots", path=str(p), detail=str(exc)) from exc
    return out
