"""``picproof tsa list|allow|deny|enable|disable|add|remove``: the time-stamping services."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from picproof.cli_cmds.common import emit_json, services_for
from picproof.services import tsa_config
from picproof.services.tsa_config import TsaEntry

#: The password of an account-based service, for scripts (else it is asked on the terminal).
PASSWORD_ENV = "PICPROOF_TSA_PASSWORD"

_BLOCKED = {
    None: "in use",
    tsa_config.CONSENT_NEEDED: "waits for your permission ('picproof tsa allow')",
    tsa_config.CONSENT_REFUSED: "not used: you refused ('picproof tsa allow' changes that)",
    tsa_config.ACCOUNT_NEEDED: "needs your account (--url, --user, --root)",
    tsa_config.DISABLED: "off",
    tsa_config.ROOTS_BROKEN: "not used: its root certificate cannot be read",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tsa = sub.add_parser("tsa", help="time-stamping services: list, allow, enable, add")
    tsa_sub = tsa.add_subparsers(dest="tsa_command", metavar="ACTION")
    tsa.set_defaults(handler=None)

    def cmd(name: str, help_text: str, handler: object) -> argparse.ArgumentParser:
        p = tsa_sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")
        p.set_defaults(handler=handler)
        return p

    cmd("list", "list the services, which are used, their roots' SHA-256 fingerprints", _list)
    cmd(
        "allow",
        "agree that fingerprints (never pictures) go to the built-in public services",
        _allow,
    )
    cmd("deny", "do not use the built-in public services", _deny)
    p = cmd("enable", "use a service (a built-in one or one you added)", _enable)
    p.add_argument("name", help="the service's name, as 'picproof tsa list' shows it")
    p.add_argument("--url", help="address of an account-based service (from your contract)")
    p.add_argument("--user", help="your user name for an account-based service")
    p.add_argument(
        "--root",
        action="append",
        default=[],
        metavar="PEM",
        help="root certificate file from your contract (repeatable)",
    )
    p = cmd("disable", "stop using a service", _disable)
    p.add_argument("name", help="the service's name, as 'picproof tsa list' shows it")
    p = cmd("add", "add your own RFC 3161 service", _add)
    p.add_argument("url", help="the service's address, http:// or https://")
    p.add_argument(
        "--root",
        action="append",
        required=True,
        metavar="PEM",
        help="root certificate file its time stamps chain to (repeatable)",
    )
    p.add_argument("--name", help="a short name (default: the host name)")
    p.add_argument("--user", help="user name, when the service needs an account")
    p = cmd("remove", "remove a service you added", _remove)
    p.add_argument("name", help="the service's name, as 'picproof tsa list' shows it")


def _print(entries: list[TsaEntry]) -> None:
    for e in entries:
        kind = "built in" if e.preset else "added by you"
        print(f"{e.name:<12} {e.operator:<28} {_BLOCKED.get(e.blocked, e.blocked)}")
        print(f"{'':12} {e.url or '(address comes with your account)'}  ({kind})")
        if e.needs_account and e.preset:
            print(f"{'':12} cost: {e.cost}")
        for fp in e.root_fingerprints:
            print(f"{'':12} root SHA-256 {fp}")


def _list(args: argparse.Namespace) -> int:
    entries = tsa_config.entries(services_for(args).settings)
    if args.json:
        emit_json([e.to_json() for e in entries])
    else:
        _print(entries)
    return 0


def _save_and_show(args: argparse.Namespace, services: object, entry: TsaEntry) -> int:
    services.save_settings()  # type: ignore[attr-defined]
    if args.json:
        emit_json(entry.to_json())
    else:
        _print([entry])
    return 0


def _consent(args: argparse.Namespace, value: bool) -> int:
    services = services_for(args)
    services.settings.tsa_consent = value
    services.save_settings()
    entries = tsa_config.entries(services.settings)
    if args.json:
        emit_json({"consent": value, "services": [e.to_json() for e in entries]})
    elif value:
        used = [e.operator for e in entries if e.preset and e.blocked is None]
        print(
            "Only a fingerprint (SHA-256) of each file will be sent, never the picture, to: "
            + ", ".join(dict.fromkeys(used))
            + "."
        )
    else:
        print("The built-in public time-stamping services will not be used.")
    return 0


def _allow(args: argparse.Namespace) -> int:
    return _consent(args, True)


def _deny(args: argparse.Namespace) -> int:
    return _consent(args, False)


def _roots_folder(services: Any) -> Path:
    """Root certificates are kept in PicProof's own folder, not where the user downloaded them."""
    return Path(services.paths.config_dir) / "tsa-roots"


def _password(args: argparse.Namespace, url: str) -> None:
    """Store the account's password in the keyring (never in a file)."""
    from picproof.services.secrets import set_secret, tsa_secret_name

    secret = os.environ.get(PASSWORD_ENV)
    if secret is None and sys.stdin.isatty():
        secret = getpass.getpass(f"Password for {args.user} at {url}: ")
    if secret:
        set_secret("tsa", tsa_secret_name(args.user, url), secret)


def _enable(args: argparse.Namespace) -> int:
    services = services_for(args)
    entry = tsa_config.set_enabled(
        services.settings,
        args.name,
        True,
        url=args.url,
        username=args.user,
        roots=args.root,
        keep_in=_roots_folder(services),
    )
    if args.user and entry.url:
        _password(args, entry.url)
    return _save_and_show(args, services, entry)


def _disable(args: argparse.Namespace) -> int:
    services = services_for(args)
    entry = tsa_config.set_enabled(services.settings, args.name, False)
    return _save_and_show(args, services, entry)


def _add(args: argparse.Namespace) -> int:
    services = services_for(args)
    entry = tsa_config.add(
        services.settings,
        args.url,
        args.root,
        name=args.name,
        username=args.user,
        keep_in=_roots_folder(services),
    )
    if args.user:
        _password(args, entry.url)
    return _save_and_show(args, services, entry)


def _remove(args: argparse.Namespace) -> int:
    services = services_for(args)
    tsa_config.remove(services.settings, args.name)
    services.save_settings()
    if args.json:
        emit_json({"removed": args.name})
    else:
        print(f"Removed {args.name}.")
    return 0
