"""PicProof's command line: every capability scriptable, ``--json`` for machines.

Exit codes: see :mod:`picproof.cli_cmds.exit_codes`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from picproof import __version__
from picproof.cli_cmds import (
    case,
    clinic,
    letter,
    library,
    match,
    selftest,
    signing,
    tsa,
    verify,
)
from picproof.cli_cmds.exit_codes import EXIT_USAGE

#: The command modules, in the order of ``--help``; each adds its sub-commands
#: (``register(subparsers)``). Imported plainly: a missing one is a broken build, not a feature.
COMMAND_MODULES = (library, selftest, match, case, verify, letter, tsa, clinic, signing)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep it short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"picproof: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="picproof",
        description="Find your photos inside suspect screenshots, "
        "keep the evidence, write the letters. Without a command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"PicProof {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="keep all data under DIR (default: $PICPROOF_DATA_DIR or the user data folder)",
    )
    # Also accepted before the command (``picproof --json self-test``); each command keeps its own
    # ``--json`` too, so the flag works on either side of the command name.
    parser.add_argument(
        "--json",
        dest="json_before_command",
        action="store_true",
        help="print machine-readable JSON (same as the command's own --json)",
    )
    parser.add_argument(
        "--db",
        dest="db_url",
        metavar="URL",
        default=None,
        help="keep cases in the clinic's PostgreSQL database postgresql://USER@HOST/DATABASE "
        "(default: $PICPROOF_DB or the app's setting; without one, on this computer)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.json_before_command:
        args.json = True
    if args.data_dir:
        os.environ["PICPROOF_DATA_DIR"] = str(args.data_dir)
    if args.db_url:
        os.environ["PICPROOF_DB"] = str(args.db_url)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command:
            parser.parse_args([args.command, "--help"])
            return EXIT_USAGE
        from picproof.app import run_app

        return run_app(data_dir=args.data_dir)
    from picproof.cli_cmds.common import run_handler

    return run_handler(handler, args)


if __name__ == "__main__":
    sys.exit(main())
