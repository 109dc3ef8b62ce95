"""Shared plumbing for CLI commands: services, JSON output, progress bar, error sentences."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from picproof.cli_cmds.exit_codes import EXIT_BAD_INPUT as EXIT_BAD_INPUT
from picproof.cli_cmds.exit_codes import EXIT_ENVIRONMENT as EXIT_ENVIRONMENT
from picproof.cli_cmds.exit_codes import EXIT_FAILED as EXIT_FAILED
from picproof.cli_cmds.exit_codes import EXIT_OK as EXIT_OK
from picproof.cli_cmds.exit_codes import EXIT_USAGE as EXIT_USAGE
from picproof.core.errors import BadInput, Cancelled, PicProofError
from picproof.core.progress import CancelToken
from picproof.services.context import Services, open_services


class UsageError(Exception):
    """Raised by a handler for a wrong combination of arguments (exit 2)."""


#: Services opened by the running command; ``run_handler`` closes them however it ends. A
#: matching service left open holds the small-region helper process, and a process pool left to
#: interpreter exit can print a traceback there (CPython 3.11's pool shutdown at exit).
_opened: list[Services] = []


def services_for(args: argparse.Namespace) -> Services:
    services = open_services(getattr(args, "data_dir", None) or os.environ.get("PICPROOF_DATA_DIR"))
    _opened.append(services)
    return services


def close_opened_services() -> None:
    """Close what the command opened (already closed services are closed again harmlessly)."""
    while _opened:
        _opened.pop().close()


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


class StderrProgress:
    """A one-line progress bar on stderr, redrawn at most ~10 times a second (silent when not a TTY
    unless PICPROOF_PROGRESS=1)."""

    def __init__(self, label: str, token: CancelToken | None = None) -> None:
        self.label = label
        self.token = token or CancelToken()
        self._last = 0.0
        self._enabled = sys.stderr.isatty() or os.environ.get("PICPROOF_PROGRESS") == "1"
        self._drawn = False

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.check_cancelled()
        now = time.monotonic()
        if not self._enabled or (now - self._last < 0.1 and done != total):
            return
        self._last = now
        if total:
            width = 28
            filled = int(width * done / total) if total else 0
            bar = "#" * filled + "-" * (width - filled)
            text = f"\r{self.label} [{bar}] {done}/{total} {message[-40:]}"
        else:
            text = f"\r{self.label} {done} {message[-50:]}"
        sys.stderr.write(text.ljust(100)[:120])
        sys.stderr.flush()
        self._drawn = True

    def check_cancelled(self) -> None:
        if self.token.cancelled:
            raise Cancelled()

    def finish(self) -> None:
        if self._drawn:
            sys.stderr.write("\r" + " " * 110 + "\r")
            sys.stderr.flush()


def run_handler(
    handler: Callable[[argparse.Namespace], int | None], args: argparse.Namespace
) -> int:
    """Run a command; turn every expected error into a plain sentence and an exit code."""
    try:
        return _run(handler, args)
    finally:
        close_opened_services()


def _run(handler: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    from picproof.cli_cmds.messages import describe_error

    try:
        code = handler(args)
        return EXIT_OK if code is None else int(code)
    except UsageError as exc:
        sys.stderr.write(f"picproof: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (``picproof … | head``): stop quietly, as Unix tools do
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write(
            "\nStopped. Work finished so far is saved; run the command again to continue.\n"
        )
        return 130
    except Cancelled:
        sys.stderr.write("Stopped.\n")
        return 130
    except BadInput as exc:
        _report(args, exc, describe_error(exc))
        return EXIT_BAD_INPUT
    except PicProofError as exc:
        _report(args, exc, describe_error(exc))
        return EXIT_ENVIRONMENT


def _report(args: argparse.Namespace, exc: PicProofError, sentence: str) -> None:
    if getattr(args, "json", False):
        emit_json(
            {
                "error": exc.code,
                "message": sentence,
                "details": {k: str(v) for k, v in exc.fields.items()},
            }
        )
    sys.stderr.write(f"picproof: {sentence}\n")
