"""Worker processes that end by themselves when the PicProof process that started them ends.

A scan's decoders, the small-region helper and the vocabulary trainer run in spawned processes
(``ProcessPoolExecutor``). Such a worker waits for its next job on a queue whose pipe it holds both
ends of, so when its parent is killed (``kill -9``, a crash, "End task", a force-quit on macOS) it
never sees an end of file and waits for ever, holding ~90 MB, and keeps multiprocessing's resource
tracker alive with it.

Every PicProof worker therefore starts a watchdog thread that waits on its parent's *sentinel*,
which multiprocessing gives each spawned child: on Linux and macOS the read end of a pipe whose
only write end lives in the parent (end of file when the parent dies, however it dies), on Windows
a handle on the parent process (signalled when it exits). When it fires, the worker exits at once;
the resource tracker then sees its pipe closed by everyone and exits too. No polling, no
platform-specific code, and nothing kills a worker whose parent is merely busy.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

#: Exit status of a worker that ended because its parent was gone.
PARENT_GONE_EXIT = 70


def watch_parent() -> bool:
    """In a spawned child: exit this process as soon as the parent process has ended.

    Returns False (and does nothing) in a process that was not started by multiprocessing.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return False

    def wait_for_parent() -> None:
        parent.join()  # returns only when the sentinel fires: the parent has ended
        os._exit(PARENT_GONE_EXIT)  # no clean-up: the work is a pure computation nobody awaits

    threading.Thread(target=wait_for_parent, name="picproof-parent-watch", daemon=True).start()
    return True


def _start_worker(initializer: Callable[[], object] | None) -> None:
    watch_parent()
    if initializer is not None:
        initializer()


def worker_pool(
    max_workers: int, *, initializer: Callable[[], object] | None = None
) -> ProcessPoolExecutor:
    """A pool of spawned workers that end with their parent.

    Spawned, never forked: callers have threads (the GUI, a scan), and a forked child can inherit a
    lock one of them held and hang for ever. ``initializer`` must be a module-level function.
    """
    return ProcessPoolExecutor(
        max_workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(initializer,),
    )
