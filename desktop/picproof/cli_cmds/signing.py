"""``picproof signing show|create NAME|import FILE.p12``: the key that signs court-ready PDFs,
and the ``--sign`` options that ``letter`` and ``case export`` share."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from picproof.cli_cmds.common import emit_json, services_for

#: The PKCS#12 password, for scripts (else it is asked on the terminal).
PASSWORD_ENV = "PICPROOF_P12_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "signing",
        help="the key that signs PDFs (your own, or your clinic's certificate)",
        description="Letters and evidence reports made with --sign are PDF/A files signed with "
        "this key and timestamped by your time-stamping service. Without a key, the first "
        "signed PDF makes one in your name (the private key stays in the system keyring).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the key in use: name and fingerprint")
    create = actions.add_parser("create", help="make your own key (self-signed, in your name)")
    create.add_argument("name", help="your name as it should appear in the signature")
    imp = actions.add_parser("import", help="use a certificate your clinic gives you (.p12/.pfx)")
    imp.add_argument("file", metavar="FILE.p12", help="the certificate and key (PKCS#12)")
    for q in (show, create, imp):
        q.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_run)


def add_sign_options(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--sign",
        action="store_true",
        help=f"make {what} a PDF/A signed with your key and timestamped (see 'picproof signing')",
    )
    if not any(a.dest == "tsa" for a in p._actions):
        p.add_argument("--tsa", metavar="URL", help="time-stamping service for --sign")
        p.add_argument(
            "--tsa-ca", metavar="PEM", action="append", default=[], help="trust root(s) for --tsa"
        )


def signer(
    services: Any, args: argparse.Namespace, case_id: int, reason: str, name_hint: str = ""
) -> Any:
    """The ``bytes -> bytes`` signing step for ``--sign`` (None without it); ``name_hint`` (the
    letter's sender) names a first own key when the case names nobody."""
    if not getattr(args, "sign", False):
        return None
    case = services.cases.get_case(case_id)
    return services.signing.signer_for(
        name_hint=case.rights_holder.name or case.operator or name_hint,
        reason=reason,
        url=getattr(args, "tsa", None),
        roots=getattr(args, "tsa_ca", ()),
    )


def _run(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        signing = services.signing
        info: Any
        if args.action == "create":
            info = signing.create_own_key(args.name)
        elif args.action == "import":
            password = os.environ.get(PASSWORD_ENV)
            if password is None and sys.stdin.isatty():
                password = getpass.getpass(f"Password of {args.file}: ")
            info = signing.import_pkcs12(args.file, password or "")
        else:
            info = signing.key_info()
        if args.json:
            emit_json(info.to_json() if info else None)
        elif info is None:
            print("No signing key yet: the first PDF you sign makes one in your name.")
        else:
            kind = "your own (self-signed)" if info.kind == "own" else f"issued by {info.issuer}"
            print(f"Signing key: {info.name}, {kind}, valid until {info.not_after}")
            print(f"Certificate fingerprint (SHA-256): {info.sha256}")
            print("A recipient can compare this fingerprint with the one 'picproof verify' shows.")
        return 0
    finally:
        services.close()
