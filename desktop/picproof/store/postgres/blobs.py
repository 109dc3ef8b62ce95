"""Evidence files in the clinic database: content-addressed, deduplicated, 1 MiB chunks.

The same interface as :class:`picproof.store.blobs.BlobStore`, so the services do not know which
one they hold. A file is committed (in its own transaction, re-hashed by the server at commit)
before any evidence row names it, as the local store writes the file before the row. Files shown
or exported on this computer are fetched once into a local read-only cache, checked against their
name on the way in.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from picproof.core.errors import StoreError
from picproof.store.blobs import CHUNK, BlobStore

if TYPE_CHECKING:
    from picproof.store.postgres.session import PgSession


class PgBlobStore(BlobStore):
    """Files in ``picproof.blobs`` / ``blob_chunks``; ``root`` is only the local read cache."""

    def __init__(self, session: PgSession, cache_root: Path) -> None:
        super().__init__(cache_root)
        self.session = session

    def has(self, sha256: str) -> bool:
        self.cache_path(sha256)  # validates the digest
        rows = self.session.query("SELECT 1 FROM blobs WHERE sha256 = %s", (sha256,))
        return bool(rows)

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put_stream(io.BytesIO(data))

    def put_stream(self, fh: BinaryIO, *, max_size: int | None = None) -> tuple[str, int]:
        """Spool ``fh`` to a local temp file (hashing it), then store it once on the server."""
        with self._spooled(fh, max_size) as (sha, size, spool):
            self._upload(sha, size, spool)  # then the spool becomes this computer's cache copy
        return sha, size

    def _upload(self, sha: str, size: int, source: Path) -> None:
        def write(conn: object) -> None:
            session = self.session
            created = session.execute_in(
                conn,
                "INSERT INTO blobs(sha256, size) VALUES (%s, %s)"
                " ON CONFLICT (sha256) DO NOTHING RETURNING sha256",
                (sha, size),
            )
            if not created:
                return  # already stored (by anyone): content-addressed, so the same bytes
            with open(source, "rb") as fh:
                n = 0
                while chunk := fh.read(CHUNK):
                    session.execute_in(
                        conn,
                        "INSERT INTO blob_chunks(sha256, n, data) VALUES (%s, %s, %s)",
                        (sha, n, chunk),
                    )
                    n += 1

        self.session.write_retrying(write)

    def read_bytes(self, sha256: str) -> bytes:
        self.cache_path(sha256)
        rows = self.session.query(
            "SELECT data FROM blob_chunks WHERE sha256 = %s ORDER BY n", (sha256,)
        )
        if not rows and not self.has(sha256):
            raise StoreError("evidence-file-missing", sha256=sha256)
        return b"".join(bytes(r[0]) for r in rows)

    def cache_path(self, sha256: str) -> Path:
        return super().path_for(sha256)

    def path_for(self, sha256: str) -> Path:
        """The local cached copy, fetched from the server on first use; never write to it."""
        path = self.cache_path(sha256)
        if path.is_file():
            return path
        data = self.read_bytes(sha256)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError("evidence-file-damaged", sha256=sha256)
        with self._spooled(io.BytesIO(data), None):
            pass
        return path

    def check(self, sha256: str) -> bool:
        """True when the file as stored on the server still hashes to its name."""
        try:
            data = self.read_bytes(sha256)
        except StoreError:
            return False
        return hashlib.sha256(data).hexdigest() == sha256
