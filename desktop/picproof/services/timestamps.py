"""Trusted timestamps for a case's evidence, with the configured TSAs tried in order.

Each evidence file's SHA-256 gets its own token, so each item's proof can be checked on its own with
``openssl ts -verify -data FILE``. When no TSA answers (offline), items stay "not yet timestamped"
and a later run completes them; nothing is lost and nothing pretends to be timestamped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from picproof.core.cases import TimestampRecord, TimestampRun
from picproof.core.errors import BadInput, SecretStoreError, TimestampError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import acquisition as acq
from picproof.services.cases import CaseService
from picproof.services.settings import Settings


@dataclass(frozen=True)
class TsaTarget:
    url: str
    trust_roots: tuple[str, ...]
    username: str | None = None


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
            return [TsaTarget(url, tuple(str(r) for r in roots))]
        return [
            TsaTarget(t.url, tuple(t.trust_roots), t.username)
            for t in self.settings.tsas
            if t.enabled
        ]

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
        """Try each TSA until one returns a verified token; record each failure in ``errors``."""
        from picproof.net.tsa import TsaClient, load_roots

        own = client is None
        client = client or TsaClient(self.timeout)
        try:
            for target in targets:
                try:
                    roots = load_roots(target.trust_roots)
                    raw, info = client.request(
                        target.url, bytes.fromhex(digest_hex), roots, auth=self._auth(target)
                    )
                    return target, raw, info
                except TimestampError as exc:
                    errors.append((target.url, exc.code))
            return None
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
            return TimestampRun(0, len(todo), None, (("", "tsa-none-configured"),))
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
        for n, item in enumerate(todo):
            progress.update(n, len(todo), item.filename)
            if item.sha256 in seen:
                done += 1
                continue
            result = self.stamp_digest(item.sha256, targets, errors, client)
            if result is None:
                break  # every TSA failed: offline; the rest stay pending for a later run
            target, raw, info = result
            self.record(case_id, case_uid, item.id, "evidence", target, raw, info)
            seen.add(item.sha256)
            used = target.url
            done += 1
            # A TSA that failed and then a later one that worked: keep trying the good one first.
            targets = [target] + [t for t in targets if t is not target]
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
        store = self.cases.store
        url = target.url
        roots = b"".join(read_roots(target.trust_roots))
        now = acq.utc_now()
        with store.transaction():
            tid = store.insert_timestamp(
                case_id=case_id,
                evidence_id=evidence_id,
                subject=subject,
                digest=info.digest_sha256,
                tsa_url=url,
                tsa_name=info.tsa_name,
                gen_time=info.gen_time,
                serial=info.serial,
                policy=info.policy,
                response=raw,
                now=now,
                roots=roots,
            )
            store.append_custody(
                case_id,
                case_uid,
                "timestamp-obtained",
                {
                    "timestamp_id": tid,
                    "subject": subject,
                    "evidence_id": evidence_id,
                    "sha256": info.digest_sha256,
                    "tsa": url,
                    "gen_time": info.gen_time,
                    "serial": info.serial,
                },
                now,
            )
        return next(t for t in store.timestamps(case_id) if t.id == tid)

    def stamp_log_head(
        self, case_id: int, targets: Sequence[TsaTarget], errors: list[tuple[str, str]]
    ) -> TimestampRecord | None:
        """Timestamp the custody-log head hash (done at export)."""
        case = self.cases.get_case(case_id)
        log = self.cases.custody_log(case.id)
        if not log:
            return None
        result = self.stamp_digest(log[-1].hash, targets, errors)
        if result is None:
            return None
        target, raw, info = result
        return self.record(case.id, case.uid, None, "log-head", target, raw, info)


def read_roots(paths: Sequence[str]) -> list[bytes]:
    """PEM bytes of each root file (copied into bundles under ``tsa/``)."""
    out = []
    for p in paths:
        try:
            out.append(Path(p).read_bytes())
        except OSError as exc:
            raise TimestampError("tsa-bad-roots", path=str(p), detail=str(exc)) from exc
    return out
