"""``picproof clinic init|login|status|user|assign|import``: the shared clinic case database.

Every other command uses the clinic database too when given ``--db URL`` (or ``PICPROOF_DB``).
Passwords are read from a prompt, or from standard input with ``--password-stdin`` (scripts);
never from the command line, where other users of the computer could see them.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from picproof.cli_cmds.common import StderrProgress, UsageError, emit_json, services_for
from picproof.services.clinic import ENV_DB, ClinicService, clinic_url, saved_password
from picproof.store.postgres.connection import redact

ROLE_CHOICES = ("admin", "lawyer", "staff")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    clinic = sub.add_parser(
        "clinic", help="clinic mode: one shared case database on PostgreSQL for several staff"
    )
    csub = clinic.add_subparsers(dest="clinic_command", metavar="ACTION", required=True)

    def cmd(name: str, help_text: str, handler: Any, parent: Any = csub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_text)
        p.add_argument(
            "--db",
            dest="clinic_db",
            metavar="URL",
            help="postgresql://USER@HOST:5432/DATABASE (default: $PICPROOF_DB or the setting)",
        )
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.add_argument(
            "--password-stdin", action="store_true", help="read the password(s) from standard input"
        )
        p.set_defaults(handler=handler)
        return p

    p = cmd("init", "create (or upgrade) the schema; add the first administrator", _init)
    p.add_argument("--admin", metavar="NAME", help="the first administrator's user name")
    p.add_argument("--full-name", default="", help="the administrator's full name")

    cmd("login", "check the connection and keep the password in this computer's keyring", _login)
    cmd("status", "which server, user, role and schema version this computer uses", _status)
    p = cmd("password", "change your own password (and the one kept in the keyring)", _password)
    p.set_defaults(name=None)

    user = csub.add_parser("user", help="the clinic's people (administrators only)")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = cmd("add", "add a person: a PostgreSQL login in the role's group", _user_add, usub)
    p.add_argument("name", help="the login name")
    p.add_argument("--role", choices=ROLE_CHOICES, required=True, help="what the person may do")
    p.add_argument("--full-name", default="", help="the name shown in logs and reports")
    cmd("list", "list the clinic's people", _user_list, usub)
    p = cmd("password", "set a new password for a person (administrators)", _password, usub)
    p.add_argument("name", help="the login name")
    p = cmd("disable", "stop a person logging in (their entries stay)", _user_disable, usub)
    p.add_argument("name", help="the login name")
    p = cmd("enable", "let a disabled person log in again", _user_enable, usub)
    p.add_argument("name", help="the login name")

    p = cmd("assign", "give a staff member access to a case (lawyers and admins)", _assign)
    p.add_argument("case", type=int, help="the case number")
    p.add_argument("user", help="the staff member's login name")
    p.add_argument("--remove", action="store_true", help="take the access back")

    p = cmd("import", "move local cases, their files and custody logs to the clinic", _import)
    p.add_argument("cases", nargs="+", type=int, metavar="CASE", help="local case numbers")


def _service(
    args: argparse.Namespace, *, ask_password: bool = True
) -> tuple[ClinicService, str | None]:
    url = args.clinic_db or getattr(args, "db_url", None) or None
    if url:
        os.environ[ENV_DB] = url
    services = services_for(args)
    chosen = url or clinic_url(services.settings)
    if ask_password and chosen and not _password_known(chosen):
        user = urlsplit(chosen).username or getpass.getuser()
        if getattr(args, "password_stdin", False):
            # The connecting user's password is the first line (README: init "asks
            # picproof_owner's and then alice's password").
            url = with_password(chosen, sys.stdin.readline().rstrip("\r\n"))
        elif sys.stdin.isatty():
            prompt = f"Password of {user} on the clinic server: "
            url = with_password(chosen, getpass.getpass(prompt))
    return ClinicService(services.paths, services.settings), url


def _password_known(url: str) -> bool:
    """True when libpq finds a password without asking (URL, PGPASSWORD, a pgpass file, the
    keyring)."""
    if urlsplit(url).password is not None or os.environ.get("PGPASSWORD"):
        return True
    pgpass = os.environ.get("PGPASSFILE") or os.path.expanduser(
        "~/AppData/Roaming/postgresql/pgpass.conf" if os.name == "nt" else "~/.pgpass"
    )
    return os.path.exists(pgpass) or bool(saved_password(url))


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = quote(parts.username or getpass.getuser(), safe="")
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))


def _read_password(args: argparse.Namespace, prompt: str, *, confirm: bool = False) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def _init(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    password = (
        _read_password(args, f"Password for {args.admin}: ", confirm=True) if args.admin else None
    )
    report = svc.init(
        url, admin=args.admin, admin_password=password, admin_full_name=args.full_name
    )
    if args.json:
        emit_json(asdict(report))
    else:
        what = (
            "set up" if report.version_before == 0 else
            "already up to date" if report.version_before == report.version_after else "upgraded"
        )  # fmt: skip
        print(f"Clinic database {report.server}: {what} (schema version {report.version_after}).")
        if report.admin_created:
            print(f"Administrator {report.admin_created} added.")
        elif args.admin:
            print(f"Administrator {args.admin} already exists: left as it was.")
    return 0


def _login(args: argparse.Namespace) -> int:
    svc, url = _service(args, ask_password=False)
    password = _read_password(args, "Password: ")
    info = svc.login(url, password)
    if args.json:
        emit_json(asdict(info))
    else:
        print(f"Logged in to {info.server} as {info.user} ({info.role}); password kept in keyring.")
    return 0


def _status(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    info = svc.login(url, None, remember=False)
    if args.json:
        emit_json(asdict(info))
    else:
        print(f"{info.server}: {info.user} ({info.role}), schema version {info.schema_version}.")
    return 0


def _user_add(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    password = _read_password(args, f"Password for {args.name}: ", confirm=True)
    person = svc.add_user(url, args.name, args.role, password, args.full_name)
    if args.json:
        emit_json(asdict(person))
    else:
        print(f"Added {person.name} ({person.role}).")
    return 0


def _password(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    new = _read_password(args, "New password: ", confirm=True)
    whose = svc.set_password(url, args.name, new)
    if args.json:
        emit_json({"name": whose, "changed": True})
    else:
        print(f"New password set for {whose}.")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    found = svc.users(url)
    if args.json:
        emit_json([asdict(p) for p in found])
    else:
        for p in found:
            state = "" if p.active else "  (disabled)"
            print(f"{p.name:<24} {p.role:<7} {p.full_name}{state}")
    return 0


def _user_disable(args: argparse.Namespace) -> int:
    return _set_active(args, False)


def _user_enable(args: argparse.Namespace) -> int:
    return _set_active(args, True)


def _set_active(args: argparse.Namespace, active: bool) -> int:
    svc, url = _service(args)
    svc.set_active(url, args.name, active)
    if args.json:
        emit_json({"name": args.name, "active": active})
    else:
        print(f"{args.name} {'may log in again' if active else 'can no longer log in'}.")
    return 0


def _assign(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    svc.assign(url, args.case, args.user, remove=args.remove)
    if args.json:
        emit_json({"case": args.case, "user": args.user, "assigned": not args.remove})
    else:
        verb = "no longer sees" if args.remove else "now sees"
        print(f"{args.user} {verb} case {args.case}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    svc, url = _service(args)
    progress = StderrProgress("Moving")
    try:
        moved = svc.import_cases(url, list(args.cases), progress=progress)
    finally:
        progress.finish()
    if args.json:
        emit_json([asdict(m) for m in moved])
    else:
        where = redact(url or os.environ.get(ENV_DB, ""))
        for m in moved:
            print(
                f"Case {m.local_id} ({m.title}) moved to {where} as case {m.clinic_id}: "
                f"{m.items} item(s), custody log continues at entry {m.entries}."
            )
    return 0
