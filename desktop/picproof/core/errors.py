"""One exception tree for the whole application.

Core code raises errors carrying a machine-readable ``code`` and structured ``fields``; it never
writes user-facing prose. The CLI and the GUI turn codes into plain, translated sentences.
"""

from __future__ import annotations

from typing import Any


class PicProofError(Exception):
    """Base of every error PicProof raises on purpose."""

    #: Default code for the class; instances may carry a more specific one.
    code: str = "error"

    def __init__(self, code: str | None = None, /, **fields: Any) -> None:
        self.code = code or type(self).code
        self.fields: dict[str, Any] = fields
        detail = ", ".join(f"{k}={v!r}" for k, v in fields.items())
        super().__init__(f"{self.code}({detail})" if detail else self.code)


class Cancelled(PicProofError):
    """The user (or a test) asked a long operation to stop."""

    code = "cancelled"


class BadInput(PicProofError):
    """Input supplied by the user cannot be used (CLI exit code 3)."""

    code = "bad-input"


class ImageError(BadInput):
    """An image could not be decoded safely.

    Codes: ``empty``, ``not-an-image``, ``unsupported-format``, ``truncated``, ``too-large``,
    ``corrupt``, ``unreadable``, ``not-a-file``.
    """

    code = "image"


class NotFound(BadInput):
    """A named thing (case, photo, file, template) does not exist."""

    code = "not-found"


class StoreError(PicProofError):
    """The database or the evidence folder is in a state we refuse to touch."""

    code = "store"


class SchemaTooNew(StoreError):
    """The database was written by a newer PicProof; opening it could lose data."""

    code = "schema-too-new"


class NetworkError(PicProofError):
    """A remote service (TSA, web site) failed or answered something we reject."""

    code = "network"


class TimestampError(NetworkError):
    """A trusted-timestamp response was refused (see ``code`` for the reason)."""

    code = "timestamp"


class BundleError(BadInput):
    """An evidence bundle is malformed or unsafe to import."""

    code = "bundle"


class LetterError(BadInput):
    """A letter cannot be produced (missing elements, broken template)."""

    code = "letter"


class UnrenderableText(BadInput):
    """Text holds characters no bundled font can draw (``characters``; ``field`` when known).

    Raised instead of producing a document where they would silently vanish."""

    code = "unrenderable-characters"


class SecretStoreError(PicProofError):
    """No secure secret store is available; secrets are never written elsewhere."""

    code = "no-secret-store"
