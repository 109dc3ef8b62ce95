"""Error codes → plain, translated sentences that say what happened and what to do next."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from picproof.core.errors import PicProofError
from picproof.gui.clinic_error_text import CLINIC_SENTENCES
from picproof.gui.translation import QT_TRANSLATE_NOOP

# Error code -> sentence, in context "ErrorText": translated when shown (_sentence), so that a
# language switch takes effect at once.
_SENTENCES: dict[str, str] = {
    "empty": QT_TRANSLATE_NOOP(
        "ErrorText", "The file {path} is empty. Choose another copy of the picture."
    ),
    "not-an-image": QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} is not a picture PicProof can read. Save it as JPEG or PNG and try again.",
    ),
    "unsupported-format": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The picture format of {path} is not supported. Save it as JPEG or PNG and try again.",
    ),
    "truncated": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The picture {path} is damaged (the file ends too early). Download or copy it again.",
    ),
    "too-large": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The picture {path} is too large to open safely. Take a smaller screenshot.",
    ),
    "corrupt": QT_TRANSLATE_NOOP(
        "ErrorText", "The picture {path} is damaged and cannot be opened. Try another copy."
    ),
    "unreadable": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The file {path} cannot be read. Check that it still exists and that you may open it.",
    ),
    "not-a-file": QT_TRANSLATE_NOOP("ErrorText", "{path} does not exist or is not a file."),
    "not-found": QT_TRANSLATE_NOOP(
        "ErrorText", "This item no longer exists. Refresh the list and try again."
    ),
    "folder-missing": QT_TRANSLATE_NOOP(
        "ErrorText", "The folder {path} does not exist. Is the drive connected?"
    ),
    "not-a-folder": QT_TRANSLATE_NOOP(
        "ErrorText", "{path} is not a folder. Choose a folder that contains your photos."
    ),
    "no-folders": QT_TRANSLATE_NOOP(
        "ErrorText", "You have not added any photo folders yet. Go to My photos and add one."
    ),
    "schema-too-new": QT_TRANSLATE_NOOP(
        "ErrorText",
        "Your data was saved by a newer version of PicProof. Install the newer version to open it.",
    ),
    "cancelled": QT_TRANSLATE_NOOP("ErrorText", "Stopped."),
    "checked-file-changed": QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} has changed since it was checked, so it is no longer the picture you "
        "reviewed. Nothing was saved. Check the picture again, then add it to the case.",
    ),
    "checked-file-missing": QT_TRANSLATE_NOOP(
        "ErrorText",
        "{path} is no longer where it was checked (moved or deleted?). Nothing was saved. "
        "Check the picture again from its new place.",
    ),
    "no-secret-store": QT_TRANSLATE_NOOP(
        "ErrorText",
        "This computer has no secure password store, so the password was not saved. "
        "PicProof never writes passwords to plain files.",
    ),
    "network": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The internet service did not answer. Check your connection and try again later.",
    ),
    "timestamp": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The time-stamping service refused the request. Try again later or choose another "
        "service in Settings.",
    ),
    "pkcs12-unreadable": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The certificate file {path} cannot be opened: the password is wrong, or it is not a "
        ".p12/.pfx file holding a key and its certificate.",
    ),
    "signing-key-lost": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The signing key is no longer in this computer's password store. Make a new one or "
        "import your certificate again in Settings.",
    ),
    "signing-failed": QT_TRANSLATE_NOOP("ErrorText", "The PDF could not be signed: {detail}."),
    "signing-name-missing": QT_TRANSLATE_NOOP("ErrorText", "Enter your name for the signing key."),
    "unrenderable-characters": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The field {field} contains characters PicProof has no font for ({characters}: "
        "{codepoints}). The document was not produced rather than printed without them. "
        "Write them in another script or leave them out.",
    ),
    "letter": QT_TRANSLATE_NOOP(
        "ErrorText", "The letter cannot be produced yet: some required information is missing."
    ),
    "capture-bad-url": QT_TRANSLATE_NOOP(
        "ErrorText", "{url} is not a web address PicProof can open. Copy the address again."
    ),
    "capture-unreachable": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The site {url} could not be reached. Check your internet connection and the address, "
        "or take a screenshot of the page and paste it instead.",
    ),
    "capture-timeout": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The site {url} did not answer in time. Try again later, or take a screenshot of the "
        "page and paste it instead.",
    ),
    "capture-too-slow": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The site {url} sent its page too slowly, so saving was stopped. Take a screenshot "
        "of the page and paste it instead.",
    ),
    "capture-http-error": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The site {url} refused to show the page (it may need a login, or the page is gone). "
        "Take a screenshot of the page in your browser and paste it instead.",
    ),
    "capture-too-large": QT_TRANSLATE_NOOP(
        "ErrorText",
        "The page at {url} is too large to save. Take a screenshot of it and paste it instead.",
    ),
    "capture-unsupported-type": QT_TRANSLATE_NOOP(
        "ErrorText",
        "{url} is not a web page or a picture. Take a screenshot of what you see and paste it.",
    ),
    "case-title-empty": QT_TRANSLATE_NOOP("ErrorText", "Give the case a short name."),
    "bad-date": QT_TRANSLATE_NOOP("ErrorText", "{value} is not a date."),
    "file-too-large": QT_TRANSLATE_NOOP("ErrorText", "This file is too large to keep as evidence."),
    "not-a-bundle": QT_TRANSLATE_NOOP(
        "ErrorText", "{path} is not an evidence bundle. Choose the .zip file PicProof exported."
    ),
    "case-exists": QT_TRANSLATE_NOOP(
        "ErrorText", "This case ({title}) is already here, so nothing was imported."
    ),
    "unexpected": QT_TRANSLATE_NOOP(
        "ErrorText",
        "Something went wrong inside PicProof. Your evidence is safe. "
        "Please try again; if it happens again, send the log file to support.",
    ),
}


def _sentence(code: str) -> str | None:
    """``code``'s own sentence in the current UI language, if it has one."""
    for context, table in (("ErrorText", _SENTENCES), ("ClinicErrorText", CLINIC_SENTENCES)):
        if code in table:
            return QCoreApplication.translate(context, table[code])
    return None


def _family(code: str) -> str | None:
    """A sentence for a whole group of codes (the exact reason stays under Details)."""
    if code.startswith("capture-"):
        return QCoreApplication.translate(
            "ErrorText",
            "The web page could not be saved. Take a screenshot of the page in your browser and "
            "paste it instead.",
        )
    if code.startswith("unsafe-") or code in ("entry-changed-during-import", "entry-size-mismatch"):
        return QCoreApplication.translate(
            "ErrorText",
            "This bundle contains something unsafe or damaged, so nothing was imported. Ask the "
            "sender for a new copy.",
        )
    if code.startswith(("token-", "log-", "bundle")):
        return QCoreApplication.translate(
            "ErrorText",
            "This evidence bundle did not pass its checks, so nothing was imported. Ask the "
            "sender for a new copy.",
        )
    if code.startswith("tsa-"):
        return _sentence("timestamp")
    return None


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def describe(exc: PicProofError) -> str:
    """One sentence for ``exc``, in the current UI language."""
    text = _sentence(exc.code) or _family(exc.code)
    if text is None:
        return QCoreApplication.translate(
            "ErrorText",
            "This could not be done, and nothing was changed. Try again; the technical details "
            "below may help someone who supports you.",
        )
    return text.format_map(_Fields({k: str(v) for k, v in exc.fields.items()}))


def technical_details(exc: PicProofError) -> str:
    """The code and fields, for the "Details" disclosure (never in the sentence itself)."""
    fields = "\n".join(f"{k}: {v}" for k, v in sorted(exc.fields.items()))
    return f"{exc.code}\n{fields}".strip()


def show_error(parent: QWidget | None, exc: PicProofError, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("ErrorText", "PicProof"),
        describe(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setDetailedText(technical_details(exc))
    box.exec()
