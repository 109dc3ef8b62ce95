"""Clinic mode: which case store a PicProof uses, and the clinic's own tasks.

Without a clinic database URL everything is local (SQLite + evidence folder), exactly as before.
With one (``--db URL`` / ``PICPROOF_DB`` for the CLI, Settings -> "Shared clinic database" for the
app) cases, evidence files and custody logs live on the clinic's PostgreSQL server; photo
libraries and the matching index stay on each computer. Passwords live in the system keyring
(or PGPASSWORD / ~/.pgpass for scripts), never in settings.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from picproof.core.errors import BadInput, SecretStoreError, StoreError
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.services import acquisition as acq
from picproof.services.paths import AppPaths
from picproof.services.settings import Settings
from picproof.store.evidence_store import EvidenceStore

if TYPE_CHECKING:
    from picproof.store.postgres.admin import InitReport, Person
    from picproof.store.postgres.move_in import MovedCase

ENV_DB = "PICPROOF_DB"
SECRET_KIND = "clinic"


def clinic_url(settings: Settings) -> str | None:
    """The clinic database in use: ``PICPROOF_DB`` first, then the app's setting."""
    url = os.environ.get(ENV_DB) or settings.clinic_db
    return url.strip() if url and url.strip() else None


def secret_name(url: str) -> str:
    from picproof.store.postgres.connection import redact

    return redact(url)


def saved_password(url: str) -> str | None:
    """The keyring's password for ``url`` (None when the URL has one, or none is kept)."""
    if urlsplit(url).password is not None:
        return None
    from picproof.services.secrets import get_secret

    try:
        return get_secret(SECRET_KIND, secret_name(url))
    except SecretStoreError:
        return None  # no keyring here: libpq may still find PGPASSWORD or ~/.pgpass


#: A server that just failed to answer is not asked again for this many seconds: the views that
#: list cases one after the other would otherwise each wait for its time-out.
FAILED_CONNECT_PAUSE_S = 10.0
_recent_failures: dict[str, tuple[float, StoreError]] = {}


def open_case_store(paths: AppPaths, settings: Settings) -> EvidenceStore:
    """The case store for this run: the clinic's when a URL is set, else the local one."""
    url = clinic_url(settings)
    if not url:
        return EvidenceStore(paths.evidence_db, paths.evidence_dir)
    from picproof.store.postgres.case_store import PgCaseStore

    failed = _recent_failures.get(url)
    if failed and time.monotonic() - failed[0] < FAILED_CONNECT_PAUSE_S:
        raise failed[1]
    try:
        store = PgCaseStore(url, paths.cache_dir, password=saved_password(url))
    except StoreError as exc:
        if exc.code in ("clinic-unreachable", "clinic-server-busy"):
            _recent_failures[url] = (time.monotonic(), exc)
        raise
    _recent_failures.pop(url, None)
    return store


def reopen_case_store(services: Any) -> None:
    """After the clinic setting changed: the next use of the case service opens the new store.

    The service object stays the same (views and other services hold it); only its store is
    closed, to be opened again from the settings as they are now.
    """
    cases = services.__dict__.get("cases")
    if cases is not None:
        cases.close()


@dataclass(frozen=True)
class ClinicLogin:
    server: str
    user: str
    role: str
    schema_version: int


class ClinicService:
    """Setting up a clinic database, its people and moving local cases in."""

    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        self.paths = paths
        self.settings = settings

    def _url(self, url: str | None) -> str:
        chosen = url or clinic_url(self.settings)
        if not chosen:
            raise BadInput("clinic-no-url")
        return chosen

    def init(
        self,
        url: str | None,
        *,
        admin: str | None,
        admin_password: str | None,
        admin_full_name: str = "",
    ) -> InitReport:
        from picproof.store.postgres.admin import init_clinic

        chosen = self._url(url)
        return init_clinic(
            chosen,
            admin=admin,
            admin_password=admin_password,
            admin_full_name=admin_full_name,
            password=saved_password(chosen),
        )

    def login(
        self, url: str | None, password: str | None = None, *, remember: bool = True
    ) -> ClinicLogin:
        """Connect once (checking the schema version); keep the password in the keyring."""
        from picproof.store.postgres.connection import check_version, connect

        chosen = self._url(url)
        conn = connect(chosen, password=password or saved_password(chosen))
        try:
            version = check_version(conn, chosen)
            row = conn.execute(
                "SELECT session_user, COALESCE((SELECT role FROM picproof.people"
                " WHERE name = session_user), 'owner')"
            ).fetchone()
            user, role = (str(row[0]), str(row[1])) if row else ("", "")
        finally:
            conn.close()
        if remember and password:
            from picproof.services.secrets import set_secret

            set_secret(SECRET_KIND, secret_name(chosen), password)
        from picproof.store.postgres.connection import url_host

        return ClinicLogin(url_host(chosen), user, role, version)

    def forget_password(self, url: str) -> None:
        from picproof.services.secrets import delete_secret

        delete_secret(SECRET_KIND, secret_name(url))

    def _admin_conn(self, url: str | None):  # type: ignore[no-untyped-def]
        from picproof.store.postgres.connection import check_version, connect

        chosen = self._url(url)
        conn = connect(chosen, password=saved_password(chosen))
        check_version(conn, chosen)
        return conn

    def add_user(
        self, url: str | None, name: str, role: str, password: str, full_name: str = ""
    ) -> Person:
        from picproof.store.postgres.admin import add_person

        conn = self._admin_conn(url)
        try:
            return add_person(conn, name, role, password, full_name)
        finally:
            conn.close()

    def set_password(self, url: str | None, name: str | None, password: str) -> str:
        """A new password for ``name`` (None: the login in the URL); the keyring follows when it
        is your own. Returns whose password changed."""
        from picproof.store.postgres.admin import set_password

        conn = self._admin_conn(url)
        try:
            me = str(conn.info.user)
            set_password(conn, name or me, password)
        finally:
            conn.close()
        if (name or me) == me:
            from picproof.services.secrets import set_secret

            try:
                set_secret(SECRET_KIND, secret_name(self._url(url)), password)
            except SecretStoreError:
                pass  # no keyring here: the next connection asks
        return name or me

    def users(self, url: str | None) -> list[Person]:
        from picproof.store.postgres.admin import people

        conn = self._admin_conn(url)
        try:
            return people(conn)
        finally:
            conn.close()

    def set_active(self, url: str | None, name: str, active: bool) -> None:
        from picproof.store.postgres.admin import set_active

        conn = self._admin_conn(url)
        try:
            set_active(conn, name, active)
        finally:
            conn.close()

    def assign(self, url: str | None, case_id: int, member: str, *, remove: bool = False) -> None:
        from picproof.store.postgres.admin import assign

        conn = self._admin_conn(url)
        try:
            assign(conn, case_id, member, remove=remove)
        finally:
            conn.close()

    def import_cases(
        self,
        url: str | None,
        case_ids: list[int],
        *,
        progress: Progress = NULL_PROGRESS,
    ) -> list[MovedCase]:
        """Move local cases (rows, files, custody logs) into the clinic database.

        The clinic copy's log goes on with a ``case-moved-to-clinic`` entry (when, by which
        database user, the old and new ids); the local copy is kept (evidence is never deleted)
        and its log gets a ``case-moved`` entry naming where the case went.
        """
        from picproof.store.postgres.case_store import PgCaseStore
        from picproof.store.postgres.move_in import copy_case, copy_files

        chosen = self._url(url)
        local = EvidenceStore(self.paths.evidence_db, self.paths.evidence_dir)
        target = PgCaseStore(chosen, self.paths.cache_dir, password=saved_password(chosen))
        moved = []
        try:
            wanted = [local.get_case(int(c)) for c in case_ids]  # NotFound before any work
            for n, case in enumerate(wanted):
                progress.update(n, len(wanted), case.title)
                copy_files(local, target, case.id)
                now = acq.utc_now()
                result = copy_case(
                    local, target, case.id, operator=self.settings.operator_name, now=now
                )
                local.append_custody(
                    case.id,
                    case.uid,
                    "case-moved",
                    {
                        "to": target.location,
                        "clinic_case_id": result.clinic_id,
                        "db_user": target.db_user,
                        "clinic_head": result.head,
                    },
                    now,
                )
                moved.append(result)
            progress.update(len(wanted), len(wanted), "")
        finally:
            local.close()
            target.close()
        return moved
