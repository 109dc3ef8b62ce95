"""Worker processes end by themselves when the PicProof process that started them is killed.

Before the fix, ``kill -9`` of a running ``picproof library scan`` left its two scan workers and
multiprocessing's resource tracker running for good (issue #19).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import save_photo
from tests.hardening._procs import descendants, kill_all, needs_proc, wait_for, wait_gone

from picproof.core.workers import PARENT_GONE_EXIT, worker_pool


def _square(x: int) -> int:
    return x * x


@needs_proc
def test_scan_workers_and_resource_tracker_end_when_the_cli_is_killed(tmp_path: Path) -> None:
    lib = tmp_path / "photos"
    for i in range(24):
        save_photo(lib / f"IMG_{i:03d}.jpg", 800, 600, seed=i, quality=92)
    data = tmp_path / "data"
    base = [sys.executable, "-m", "picproof", "--data-dir", str(data), "library"]
    subprocess.run([*base, "add", str(lib)], check=True, capture_output=True, timeout=60)
    proc = subprocess.Popen(
        [*base, "scan", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # two workers and the resource tracker
        assert wait_for(lambda: len(descendants(proc.pid)) >= 3, 60), "workers never started"
        helpers = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, as a crash or "End task" does
        proc.wait()
        left = wait_gone(helpers, 5.0)
        assert not left, f"{len(left)} of {len(helpers)} helper processes outlived their parent"
    finally:
        kill_all(descendants(proc.pid) | ({proc.pid} if proc.poll() is None else set()))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass


def test_a_worker_pool_still_works_and_its_workers_watch_the_parent() -> None:
    with worker_pool(2) as pool:
        assert list(pool.map(_square, range(5))) == [0, 1, 4, 9, 16]
    assert PARENT_GONE_EXIT not in (0, 1)
