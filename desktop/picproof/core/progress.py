"""Progress reporting and cooperative cancellation for long operations.

Every long function takes ``progress: Progress = NULL_PROGRESS`` so the same call runs in a test,
the CLI (a bar on stderr) and the GUI (a throttled signal), and can be cancelled from any of them.
"""

from __future__ import annotations

import threading
from typing import Protocol

from picproof.core.errors import Cancelled


class CancelToken:
    """A thread-safe flag a caller sets to ask a running operation to stop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Progress(Protocol):
    """Receives progress of a long operation and tells it whether to stop."""

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        """Report ``done`` units of ``total`` (None when unknown); ``message`` names the item."""

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` if the operation should stop."""


class NullProgress:
    """Ignores updates; cancellable through an optional token."""

    def __init__(self, token: CancelToken | None = None) -> None:
        self.token = token

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.check_cancelled()

    def check_cancelled(self) -> None:
        if self.token is not None and self.token.cancelled:
            raise Cancelled()


NULL_PROGRESS: Progress = NullProgress()


class CallbackProgress:
    """Forwards updates to a callable; cancellation comes from a token."""

    def __init__(self, callback, token: CancelToken | None = None) -> None:  # type: ignore[no-untyped-def]
        self._callback = callback
        self.token = token or CancelToken()

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.check_cancelled()
        self._callback(done, total, message)

    def check_cancelled(self) -> None:
        if self.token.cancelled:
            raise Cancelled()
