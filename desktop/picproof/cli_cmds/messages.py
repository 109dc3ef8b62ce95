"""Plain-English sentences for error codes, for the command line.

The GUI has its own translated table; core code carries only codes and fields.
"""

from __future__ import annotations

from picproof.core.errors import PicProofError

#: code -> sentence; ``{name}`` placeholders are filled from the error's fields when present.
SENTENCES: dict[str, str] = {
    "empty": "The file {path} is empty (0 bytes).",
    "not-an-image": "The file {path} is not a picture PicProof can read (or its extension is wrong).",
    "unsupported-format": "The picture format of {path} is not supported.",
    "truncated": "The picture {path} is damaged: the file ends too early (an incomplete download?).",
    "too-large": "The picture {path} is too large to open safely.",
    "corrupt": "The picture {path} is damaged and cannot be decoded.",
    "unreadable": "The file {path} cannot be read: {reason}.",
    "not-a-file": "{path} does not exist or is not a file.",
    "not-found": "Not found: {what}.",
    "schema-too-new": "The database {path} was written by a newer PicProof (version {found}); "
                      "install the newer PicProof to open it.",
    "unreadable-database": "The database {path} cannot be opened: {detail}.",
    "migration-failed": "Upgrading the database {path} failed; it was backed up first. Details: {detail}.",
    "folder-missing": "The folder {path} does not exist.",
    "not-a-folder": "{path} is not a folder.",
    "no-folders": "No photo folders yet. Add one with: picproof library add FOLDER",
    "cancelled": "Stopped.",
    "no-secret-store": "This computer has no secure password store available, so the secret was not "
                       "saved. PicProof never writes passwords to plain files.",
}


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
