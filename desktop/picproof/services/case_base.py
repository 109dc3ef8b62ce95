"""What the parts of the case service share: the evidence store and the custody-logged write.

Every change to a case is written together with its custody-log entry in one transaction
(``_logged``), after any evidence file is durably in the content-addressed store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from picproof.core.cases import Case
from picproof.services import acquisition as acq
from picproof.services.clinic import open_case_store
from picproof.services.paths import AppPaths
from picproof.services.settings import Settings
from picproof.store.evidence_store import EvidenceStore


@dataclass
class CustodyNote:
    """The custody entry being written: ``now`` for the rows, ``data`` filled in by the caller."""

    now: str
    data: dict[str, Any] = field(default_factory=dict)


class CaseBase:
    def __init__(self, paths: AppPaths, settings: Settings) -> None:
        self.paths = paths
        self.settings = settings
        self._store: EvidenceStore | None = None
        self._open_lock = threading.Lock()

    @property
    def store(self) -> EvidenceStore:
        """The evidence store, opened on first use. Other services never use it: they call
        this service's methods."""
        with self._open_lock:  # two threads asking first must not open two stores
            if self._store is None:
                self._store = open_case_store(self.paths, self.settings)  # local or clinic
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def get_case(self, case_id: int) -> Case:
        return self.store.get_case(int(case_id))

    def _operator(self, case: Case) -> str:
        return case.operator or self.settings.operator_name

    @contextmanager
    def _logged(self, case: Case, event: str) -> Iterator[CustodyNote]:
        """One transaction for the rows the block writes and the custody entry ``event``.

        The block writes its rows with ``note.now`` and puts the entry's data in ``note.data``;
        an exception anywhere leaves neither. Nested in an outer transaction, it joins it.
        """
        note = CustodyNote(acq.utc_now())
        with self.store.transaction():
            yield note
            self.store.append_custody(case.id, case.uid, event, note.data, note.now)
