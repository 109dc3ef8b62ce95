"""Which time-stamping services are configured: the user's own and the built-in presets.

The GUI's settings page and ``picproof tsa …`` both read and change them here. A preset is used only
after the user agreed, once, that fingerprints may be sent to the public services (``tsa_consent``);
a service the user added or an account-based preset they set up is their own explicit choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from picproof.core.errors import BadInput, TimestampError
from picproof.net import tsa_presets
from picproof.net.tsa_presets import TsaPreset
from picproof.services.settings import Settings, TsaSettings

#: Why a configured service is not used right now (None when it is).
CONSENT_NEEDED, CONSENT_REFUSED, ACCOUNT_NEEDED, DISABLED, ROOTS_BROKEN = (
    "consent-needed",
    "consent-refused",
    "account-needed",
    "disabled",
    "roots-broken",
)


@dataclass(frozen=True)
class TsaTarget:
    url: str
    trust_roots: tuple[str, ...]
    username: str | None = None
    operator: str = ""
    """Tokens from two different operators are two independent proofs; two from one are not."""
    name: str = ""


@dataclass(frozen=True)
class TsaEntry:
    name: str
    operator: str
    url: str
    enabled: bool
    preset: bool
    root_files: tuple[str, ...]
    root_fingerprints: tuple[str, ...]
    username: str | None
    needs_account: bool
    cost: str
    site: str
    blocked: str | None
    """None when the service is used now, else one of the reasons above."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "operator": self.operator,
            "url": self.url,
            "enabled": self.enabled,
            "preset": self.preset,
            "root_fingerprints": list(self.root_fingerprints),
            "root_files": list(self.root_files),
            "username": self.username,
            "needs_account": self.needs_account,
            "cost": self.cost,
            "site": self.site,
            "in_use": self.blocked is None,
            "blocked": self.blocked,
        }

    def target(self) -> TsaTarget:
        return TsaTarget(self.url, self.root_files, self.username, self.operator, self.name)


def host_name(url: str) -> str:
    return (urlsplit(url).hostname or url).lower()


def _fingerprints(files: Sequence[str]) -> tuple[str, ...]:
    from picproof.net.tsa_presets import root_fingerprints

    try:
        return tuple(root_fingerprints(list(files)))
    except TimestampError:
        return ()


def _user_entry(t: TsaSettings) -> TsaEntry:
    # An unreadable root file does not hide the service: stamping then says what is wrong.
    fingerprints = _fingerprints(t.trust_roots)
    blocked = None if t.enabled else DISABLED
    return TsaEntry(
        name=t.name or host_name(t.url),
        operator=host_name(t.url),
        url=t.url,
        enabled=t.enabled,
        preset=False,
        root_files=tuple(t.trust_roots),
        root_fingerprints=fingerprints,
        username=t.username,
        needs_account=bool(t.username),
        cost="",
        site="",
        blocked=blocked,
    )


def _preset_entry(p: TsaPreset, settings: Settings) -> TsaEntry:
    own = settings.tsa_presets.get(p.name)
    enabled = own.enabled if own is not None else p.default_enabled
    if p.needs_account:
        url = own.url if own is not None else ""
        files: tuple[str, ...] = tuple(own.trust_roots) if own is not None else ()
        username = own.username if own is not None else None
        fingerprints = _fingerprints(files)
        blocked = None
        if not enabled:
            blocked = DISABLED
        elif not (url and username and files):
            blocked = ACCOUNT_NEEDED
        elif not fingerprints:
            blocked = ROOTS_BROKEN
    else:
        url, username = p.url, None
        try:
            files = tuple(tsa_presets.preset_root_files(p))
        except TimestampError:
            files = ()
        fingerprints = tuple(fp for _, fp in p.roots)
        blocked = None
        if not enabled:
            blocked = DISABLED
        elif not files:
            blocked = ROOTS_BROKEN
        elif settings.tsa_consent is None:
            blocked = CONSENT_NEEDED
        elif settings.tsa_consent is False:
            blocked = CONSENT_REFUSED
    return TsaEntry(
        name=p.name,
        operator=p.operator,
        url=url,
        enabled=enabled,
        preset=True,
        root_files=files,
        root_fingerprints=fingerprints,
        username=username,
        needs_account=p.needs_account,
        cost=p.cost,
        site=p.site,
        blocked=blocked,
    )


def entries(settings: Settings) -> list[TsaEntry]:
    """Every known service in the order they are tried: the user's own first, then presets."""
    return [_user_entry(t) for t in settings.tsas] + [
        _preset_entry(p, settings) for p in tsa_presets.PRESETS
    ]


def targets(settings: Settings) -> list[TsaTarget]:
    return [e.target() for e in entries(settings) if e.blocked is None]


def why_none(settings: Settings) -> str:
    """The reason code when no service can be used: consent still to ask, refused, or none set."""
    blocked = {e.blocked for e in entries(settings)}
    if CONSENT_NEEDED in blocked:
        return "tsa-consent-needed"
    if CONSENT_REFUSED in blocked:
        return "tsa-consent-refused"
    return "tsa-none-configured"


def consent_question_due(settings: Settings) -> bool:
    """Whether to ask, before a time stamp, if fingerprints may go to the public services: not
    yet answered, some preset waits for the answer, and no service the user set up (their own,
    or a paid account) can stamp (they chose where their fingerprints go; the public services
    stay off until allowed in Settings)."""
    every = entries(settings)
    chosen = any(e.blocked is None and (not e.preset or e.needs_account) for e in every)
    waiting = any(e.blocked in (CONSENT_NEEDED, CONSENT_REFUSED) for e in every)
    return settings.tsa_consent is None and waiting and not chosen


def consent_operators(settings: Settings) -> list[str]:
    """Operators the consent question names (enabled presets waiting for it), in order."""
    names = [
        e.operator for e in entries(settings) if e.blocked in (CONSENT_NEEDED, CONSENT_REFUSED)
    ]
    return list(dict.fromkeys(names))


def find(settings: Settings, name: str) -> TsaEntry:
    wanted = name.strip().lower()
    for e in entries(settings):
        if e.name.lower() == wanted or (not e.preset and e.url == name.strip()):
            return e
    raise BadInput("tsa-unknown", name=name, known=", ".join(e.name for e in entries(settings)))


def set_enabled(
    settings: Settings,
    name: str,
    enabled: bool,
    *,
    url: str | None = None,
    username: str | None = None,
    roots: Sequence[str] = (),
    keep_in: Path | None = None,
) -> TsaEntry:
    """Turn a service on or off. Turning a public preset on is the user's consent to use presets;
    an account-based preset also takes its address, user name and root here."""
    entry = find(settings, name)
    if not entry.preset:
        for t in settings.tsas:
            if (t.name or host_name(t.url)) == entry.name:
                t.enabled = enabled
        return find(settings, entry.name)
    p = tsa_presets.preset(entry.name)
    assert p is not None
    own = settings.tsa_presets.get(p.name) or TsaSettings(url=p.url, enabled=p.default_enabled)
    own.enabled = enabled
    if p.needs_account:
        if url:
            own.url = _check_url(url)
        if username:
            own.username = username
        if roots:
            own.trust_roots = _check_roots(roots, keep_in)
        if enabled and not (own.url and own.username and own.trust_roots):
            raise BadInput("tsa-account-needed", name=p.name, site=p.site)
    elif enabled:
        settings.tsa_consent = True
    settings.tsa_presets[p.name] = own
    return find(settings, p.name)


def add(
    settings: Settings,
    url: str,
    roots: Sequence[str],
    *,
    name: str | None = None,
    username: str | None = None,
    keep_in: Path | None = None,
) -> TsaEntry:
    url = _check_url(url)
    files = _check_roots(roots, keep_in)
    label = (name or host_name(url)).strip().lower()
    if any(e.name == label for e in entries(settings)):
        raise BadInput("tsa-name-taken", name=label)
    settings.tsas.append(TsaSettings(url=url, trust_roots=files, username=username, name=label))
    return find(settings, label)


def remove(settings: Settings, name: str) -> None:
    entry = find(settings, name)
    if entry.preset:
        raise BadInput("tsa-preset-kept", name=entry.name)
    settings.tsas = [t for t in settings.tsas if (t.name or host_name(t.url)) != entry.name]


def _check_url(url: str) -> str:
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")) or not urlsplit(url).hostname:
        raise BadInput("tsa-bad-url", url=url)
    return url


def _check_roots(roots: Sequence[str], keep_in: Path | None = None) -> list[str]:
    """Readable certificate files, copied into ``keep_in`` when given (see :func:`keep_roots`)."""
    from picproof.net.tsa import load_roots

    if not roots:
        raise BadInput("tsa-roots-missing", url="")
    files = [str(Path(r).expanduser().resolve()) for r in roots]
    try:
        if not load_roots(files):
            raise TimestampError("tsa-bad-roots", path=files[0], detail="no certificate")
    except TimestampError as exc:
        raise BadInput("tsa-bad-roots", **exc.fields) from exc
    return keep_roots(files, keep_in) if keep_in is not None else files


def keep_roots(files: Sequence[str], folder: Path) -> list[str]:
    """Copies of the root files in PicProof's own folder, named by their SHA-256: a certificate
    the user later moves or deletes from Downloads must not stop the time stamps."""
    import hashlib

    from picproof.core.atomic import atomic_write_bytes

    kept = []
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        data = Path(f).read_bytes()
        target = folder / f"{hashlib.sha256(data).hexdigest()[:16]}.pem"
        if not target.exists():
            atomic_write_bytes(target, data)
        kept.append(str(target))
    return kept
