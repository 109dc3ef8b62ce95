"""Kill trials: start a PicProof process in its own session, kill -9 it (or one of its helpers) at
a chosen moment, and count the processes of that session still running 5 s later (harnesses 4, 5,
12). Linux process model; macOS and Windows use the same parent-sentinel mechanism
(picproof.core.workers)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.hardening._procs import cmdline, descendants, session_members, wait_gone

ROOT = Path(__file__).resolve().parents[2]
GRACE_SECONDS = 5.0


@dataclass
class Trial:
    label: str
    delay: float
    killed: str
    """What was killed: "parent", "worker", or "none" (it finished first)."""
    returncode: int | None
    left: int
    """Processes of the session still running GRACE_SECONDS after the kill."""
    stderr: str = ""
    helpers_at_kill: int = 0
    """Spawned helper processes running at the moment of the kill (0: killed before or after)."""


def picproof_cmd(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "picproof", "--data-dir", str(data), *args]


def spawn(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1", **(env or {})},
    )


def _workers(pid: int) -> list[int]:
    return sorted(p for p in descendants(pid) if "spawn_main" in cmdline(p))


def kill_trial(
    label: str,
    cmd: list[str],
    delay: float,
    *,
    target: str = "parent",
    env: dict[str, str] | None = None,
    rng: random.Random | None = None,
    finish_timeout: float = 60.0,
    after_helpers: bool = False,
) -> Trial:
    """Run ``cmd``; after ``delay`` s kill -9 the process itself (``parent``) or one of its
    spawned helpers (``worker``: the process must then carry on and finish by itself).

    ``after_helpers``: count ``delay`` from the moment its first helper process is up (so a
    loaded machine's slower start does not move every kill before the work begins)."""
    proc = spawn(cmd, env)
    sid = proc.pid
    killed = "none"
    try:
        if after_helpers:
            up = time.monotonic() + 60
            while time.monotonic() < up and proc.poll() is None and not _workers(proc.pid):
                time.sleep(0.02)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        helpers = _workers(proc.pid) if proc.poll() is None else []
        if proc.poll() is None:
            if target == "parent":
                os.kill(proc.pid, signal.SIGKILL)
                killed = "parent"
            else:
                if helpers:
                    os.kill((rng or random).choice(helpers), signal.SIGKILL)
                    killed = "worker"
        try:
            _, err = proc.communicate(timeout=finish_timeout)
        except subprocess.TimeoutExpired:  # hung: have faulthandler print where, then end it
            os.kill(proc.pid, signal.SIGABRT)
            try:
                _, err = proc.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
            err = b"HUNG " + err
        left = wait_gone(session_members(sid), GRACE_SECONDS)
        return Trial(
            label,
            delay,
            killed,
            proc.returncode,
            len(left),
            err.decode(errors="replace"),
            len(helpers),
        )
    finally:
        try:
            os.killpg(sid, signal.SIGKILL)  # never leave a test's processes behind
        except OSError:
            pass
