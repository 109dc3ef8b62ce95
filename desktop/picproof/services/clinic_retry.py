"""Running a service call again when the clinic server went away before it committed.

A call that fails with ``clinic-connection-lost`` (the server restarted, the network dropped)
while none of its transactions had committed wrote nothing (the session checked, see
``store/postgres/session.py``), so running the whole call once more is safe: it cannot add an item
twice. A call that had committed part of its work (several files, one transaction each) is not
re-run: the error reaches the person, and what was saved stays saved and shown.

:func:`with_reconnect_retry` wraps a service object's public methods in place, so its type (and
what the GUI and the CLI see) does not change. With a local store the error never occurs.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from picproof.core.errors import StoreError

T = TypeVar("T")
#: How many times a call is run in all (the session itself waits up to 30 s for the server).
ATTEMPTS = 3

_active = threading.local()


def _commits(service: Any) -> int:
    store = getattr(service, "_store", None)
    session = getattr(store, "session", None)
    return int(getattr(session, "commits", 0))


def _retrying(service: Any, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        if getattr(_active, "depth", 0):
            return method(*args, **kwargs)  # a call inside a call: the outer one decides
        _active.depth = 1
        try:
            for attempt in range(1, ATTEMPTS + 1):
                before = _commits(service)
                try:
                    return method(*args, **kwargs)
                except StoreError as exc:
                    lost = exc.code == "clinic-connection-lost"
                    if not lost or attempt == ATTEMPTS or _commits(service) != before:
                        raise
                    time.sleep(0.2 * attempt)
        finally:
            _active.depth = 0
        raise AssertionError("unreachable")

    return call


def with_reconnect_retry(service: T) -> T:
    for name in dir(type(service)):
        if name.startswith("_"):
            continue
        attr = getattr(type(service), name, None)
        if callable(attr) and not isinstance(attr, (property, type)):
            setattr(service, name, _retrying(service, getattr(service, name)))
    return service
