"""Plain-English sentences for error codes, for the command line.

The GUI has its own translated table; core code carries only codes and fields.
"""

from __future__ import annotations

from picproof.cli_cmds.clinic_messages import CLINIC_SENTENCES
from picproof.core.errors import PicProofError

#: code -> sentence; ``{name}`` placeholders are filled from the error's fields when present.
SENTENCES: dict[str, str] = {
    "empty": "The file {path} is empty (0 bytes).",
    "not-an-image": (
        "The file {path} is not a picture PicProof can read (or its extension is wrong)."
    ),
    "unsupported-format": "The picture format of {path} is not supported.",
    "truncated": (
        "The picture {path} is damaged: the file ends too early (an incomplete download?)."
    ),
    "too-large": "The picture {path} is too large to open safely.",
    "corrupt": "The picture {path} is damaged and cannot be decoded.",
    "unreadable": "The file {path} cannot be read: {reason}.",
    "not-a-file": "{path} does not exist or is not a file.",
    "not-found": "Not found: {what}.",
    "schema-too-new": "The database {path} was written by a newer PicProof (version {found}); "
    "install the newer PicProof to open it.",
    "unreadable-database": "The database {path} cannot be opened: {detail}.",
    "migration-failed": (
        "Upgrading the database {path} failed; it was backed up first. Details: {detail}."
    ),
    "folder-missing": "The folder {path} does not exist.",
    "not-a-folder": "{path} is not a folder.",
    "no-folders": "No photo folders yet. Add one with: picproof library add FOLDER",
    "library-empty": "Your photo library is empty, so none of your photos can be found yet. Add "
    "the folders that hold your photos first: picproof library add FOLDER --scan",
    "template-broken": "The letter template {path} has a mistake at line {line}: {detail}.",
    "template-unreadable": "The letter template {path} cannot be read: {detail}.",
    "letter-type": "There is no letter type {type!r} in this language. Known types: {known}.",
    "unknown-language": "Letters are not available in {language!r}; available: {known}.",
    "unknown-field": "The letter type {type} has no field {field!r}. Its fields: {known}.",
    "bad-assignment": "Give fields as --set FIELD=VALUE (got {text!r}).",
    "logo-missing": "The logo image {path} does not exist.",
    "bad-url": "{value!r} is not a web address: {field} takes http:// or https:// addresses only.",
    "bad-forum": "{value!r} is not a place PicProof knows; use one of: {known}.",
    "bad-evidence-id": "{value!r} is not an evidence id (see 'picproof case show CASE').",
    "not-an-original": "Evidence {evidence} is a {kind}, not one of your originals: add your photo "
    "with 'picproof case add CASE FILE --kind original' first.",
    "not-a-capture": "Evidence {evidence} is a {kind}, not a screenshot or capture.",
    "letter-unreadable": "The letter file {path} cannot be read: {detail}.",
    "unknown-evidence": "Evidence {label} is not in this case's letter evidence; known: {known}.",
    "missing-elements": "This letter lacks elements the law or the recipient requires.",
    "signing-name-missing": "Give your name for the signing key: picproof signing create NAME.",
    "pkcs12-unreadable": "The certificate file {path} cannot be opened: wrong password, or not a "
    "PKCS#12 (.p12/.pfx) file holding a key and its certificate.",
    "signing-key-lost": "The signing key is no longer in this computer's password store. Make a "
    "new one (picproof signing create NAME) or import your certificate again.",
    "signing-failed": "The PDF could not be signed: {detail}.",
    "unrenderable-characters": "The field {field} contains characters PicProof has no font for "
    "({characters}: {codepoints}), so the document was not produced rather than printed without "
    "them. Write them in another script or leave them out.",
    "cancelled": "Stopped.",
    "no-secret-store": (
        "This computer has no secure password store available, so the secret was not saved. "
        "PicProof never writes passwords to plain files."
    ),
    # cases, evidence, timestamps, bundles
    "case-title-empty": "A case needs a title.",
    "case-kind-unknown": "Unknown case kind {kind}; use one of: {allowed}.",
    "case-status-unknown": "Unknown case status {status}.",
    "case-field-unknown": "These case fields do not exist: {fields}.",
    "evidence-kind-unknown": "Unknown evidence kind {kind}.",
    "decision-unknown": "A match decision is 'accepted' or 'rejected', not {decision}.",
    "deadline-date-missing": "Give a due date (--due) or, for {kind}, the day the clock starts "
    "(--start).",
    "bad-date": "{value} is not a date (use YYYY-MM-DD).",
    "file-too-large": "The file is larger than PicProof accepts as evidence ({limit} bytes).",
    "evidence-file-missing": "An evidence file ({sha256}) is missing from the evidence folder.",
    "evidence-file-corrupt": "The stored evidence file {sha256} no longer matches its hash; "
    "the evidence folder has been damaged.",
    "write-failed": "Writing to the evidence database failed: {detail}.",
    "tsa-none-configured": "No time-stamping service is configured.",
    "tsa-roots-missing": "Give the time-stamping service's root certificate with --tsa-ca PEM.",
    "tsa-bad-roots": "The TSA certificate file {path} cannot be read.",
    "tsa-no-roots": "No trusted root certificate is configured for {url}.",
    "tsa-http-error": "The time-stamping service {url} answered with an HTTP error ({status}).",
    "tsa-timeout": "The time-stamping service {url} did not answer in time.",
    "tsa-unreachable": "The time-stamping service {url} cannot be reached (offline?).",
    "tsa-content-type": "The time-stamping service {url} did not send a timestamp "
    "({content_type}).",
    "tsa-too-large": "The time-stamping service {url} sent an oversized answer.",
    "tsa-malformed": "The answer from {url} is not a valid timestamp.",
    "tsa-trailing-data": "The answer from {url} has extra bytes after the timestamp.",
    "tsa-rejected": "The time-stamping service {url} refused the request ({status}).",
    "tsa-wrong-hash-algorithm": "The timestamp from {url} uses a hash other than SHA-256.",
    "tsa-imprint-mismatch": "The timestamp from {url} is for different data than the file.",
    "tsa-nonce-mismatch": "The timestamp from {url} does not answer our request (nonce mismatch).",
    "tsa-no-certificate": "The timestamp from {url} does not carry its signing certificate.",
    "tsa-no-eku": "The timestamp from {url} was signed by a certificate not allowed to sign "
    "timestamps.",
    "tsa-bad-signature": "The timestamp from {url} has an invalid signature (it was altered).",
    "tsa-unsupported-signature": "The timestamp from {url} uses an unsupported signature "
    "({algorithm}).",
    "tsa-untrusted": "The timestamp from {url} is not signed by a trusted authority.",
    "tsa-bad-digest": "Internal error: a timestamp was requested for a wrong-sized digest.",
    "tsa-consent-needed": "Time stamps wait for your permission: only a fingerprint (SHA-256) of "
    "each file is sent to the public time-stamping services, never the picture. Run "
    "'picproof tsa allow' to agree.",
    "tsa-consent-refused": "You chose not to send fingerprints to the public time-stamping "
    "services ('picproof tsa allow' changes that).",
    "tsa-unknown": "There is no time-stamping service called {name}. Known: {known}.",
    "tsa-account-needed": "The service {name} needs an account: give its address (--url), your "
    "user name (--user) and the root certificate from your contract (--root PEM). See {site}.",
    "tsa-name-taken": "A time-stamping service is already called {name}; choose another --name.",
    "tsa-preset-kept": "{name} is built in and cannot be removed; 'picproof tsa disable {name}' "
    "stops using it.",
    "tsa-bad-url": "{url} is not a time-stamping service address (it starts with http:// or "
    "https://).",
    "capture-bad-url": "{url} is not a web address PicProof can fetch (http or https).",
    "capture-credentials-in-url": "The address {url} contains a user name or password; "
    "PicProof does not send credentials.",
    "capture-too-many-redirects": "{url} redirects too many times.",
    "capture-http-error": "{url} answered with an HTTP error ({status}).",
    "capture-unsupported-type": "{url} is not a web page or picture ({content_type}).",
    "capture-too-large": "{url} is larger than PicProof downloads ({limit} bytes).",
    "capture-timeout": "{url} did not answer in time.",
    "capture-unreachable": "{url} cannot be reached (offline?).",
    "capture-too-slow": "{url} sent its data too slowly; the capture was stopped (take a "
    "screenshot of the page instead).",
    "capture-bad-response": "{url} sent an answer that is not valid HTTP (for example far too "
    "many headers); nothing was kept from it.",
    "capture-unsupported-encoding": "{url} sent its page in a compressed form PicProof does not "
    "read ({encoding}).",
    "not-a-bundle": "{path} is not an evidence bundle (not a readable ZIP file).",
    "bundle-verify-failed": "The bundle {path} failed verification ({problem} {entry}, "
    "{count} problem(s)); run 'picproof verify' for details. "
    "Nothing was imported.",
    "case-exists": "This case ({title}) is already here; nothing was imported.",
    "token-invalid": "A timestamp token in the bundle ({entry}) is invalid: {reason}.",
    "log-invalid": "The bundle's custody log is damaged ({problem}).",
    "entry-changed-during-import": "The bundle changed while it was being imported ({entry}).",
    "entry-size-mismatch": "A bundle entry is larger than it declares.",
    "unsafe-path-traversal": "The bundle {path} tries to write outside its folder ({entry}); "
    "nothing was imported.",
    "unsafe-absolute-path": "The bundle {path} contains an absolute path ({entry}); nothing was "
    "imported.",
    "unsafe-symlink": "The bundle {path} contains a symbolic link ({entry}); nothing was imported.",
    "unsafe-duplicate-name": "The bundle {path} contains a name twice ({entry}); nothing was "
    "imported.",
    "unsafe-zip-bomb": "The bundle {path} contains a suspiciously expanding entry ({entry}); "
    "nothing was imported.",
    "unsafe-entry-too-large": "The bundle {path} contains an oversized entry ({entry}); nothing "
    "was imported.",
    "unsafe-archive-too-large": "The bundle {path} is too large to import.",
    "unsafe-too-many-entries": "The bundle {path} has too many files.",
    "unsafe-bad-name": "The bundle {path} contains an invalid file name ({entry}); nothing was "
    "imported.",
    "unsafe-backslash-in-name": "The bundle {path} contains an invalid file name ({entry}); "
    "nothing was imported.",
    "unsafe-directory-entry": "The bundle {path} contains unexpected folders ({entry}); nothing "
    "was imported.",
}

SENTENCES.update(CLINIC_SENTENCES)

#: Why a file was skipped by a scan, in words (keys are SkippedFile.reason codes).
SKIP_REASONS: dict[str, str] = {
    "empty": "empty file (0 bytes)",
    "not-an-image": "not a picture (or a wrong extension)",
    "unsupported-format": "picture format not supported",
    "truncated": "damaged: the file ends too early",
    "too-large": "too large to open safely",
    "corrupt": "damaged picture data",
    "unreadable": "cannot be read (permissions?)",
    "unreadable-folder": "folder cannot be opened (permissions?)",
    "folder-missing": "folder not found (unplugged drive?); its photos are kept",
    "not-a-file": "no such file",
    "no-pictures": "no pictures in this folder (PicProof reads JPEG, PNG, WebP, HEIC, AVIF, BMP, "
    "GIF and TIFF files)",
}


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def describe_error(exc: PicProofError) -> str:
    template = SENTENCES.get(exc.code)
    if template is None:
        detail = ", ".join(f"{k}: {v}" for k, v in exc.fields.items())
        return f"{exc.code.replace('-', ' ')}" + (f" ({detail})" if detail else "")
    text = template.format_map(_Fields({k: v for k, v in exc.fields.items()}))
    return text.replace("The file ? ", "The file ").replace("The picture ? ", "The picture ")
