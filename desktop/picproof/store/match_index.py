"""The retrieval index: visual vocabulary, per-photo word lists and an inverted file on disk.

Inputs are the ``photo_features`` rows the library scan writes. ``refresh`` is incremental: it
quantises only photos whose words are missing, forgets deleted photos, and rewrites the inverted
file only when something changed. The vocabulary is learned from the library itself and relearned
(all words recomputed) only when the library has grown several-fold since, so the cost is amortised.

Files (in ``<cache>/match_index/``, droppable): ``vocab.npz``, ``postings_photo.npy`` (dense photo
index per posting, grouped by word), ``postings_offsets.npy``, ``photo_ids.npy``, ``photo_len.npy``,
``idf.npy``, and per posting the photo keypoint's angle, position and scale code
(``postings_angle/x/y/scale.npy``) with ``photo_size.npy``, for the geometric re-ranking.
Query-time memory is a memory map of these; a query reads only its words' slices.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from picproof.core.atomic import atomic_write, atomic_write_bytes
from picproof.core.matching.features import (
    FEATURES_VERSION,
    angle_codes,
    decode_features,
    descriptors_of,
    root_sift,
    scale_codes,
)
from picproof.core.matching.vocab import (
    Vocabulary,
    train_vocabulary_arrays,
    vocabulary_from_arrays,
)
from picproof.core.progress import NULL_PROGRESS, Progress
from picproof.store.db import ThreadConnections

#: Relearn the vocabulary when the library holds this many times the descriptors it was learned on.
REGROW_FACTOR = 4.0
#: Descriptors sampled to learn the vocabulary (caps learning time at ~1 min on 2 cores).
TRAIN_SAMPLE = 1_000_000
_BATCH = 256
#: Layout of match_words.words: n little-endian u4 word ids, then one array per keypoint field
#: below in this order (each becomes ``postings_<field>.npy``), then the analysed size as two u2.
WORDS_FORMAT = "3"
_KEYPOINT_FIELDS: tuple[tuple[str, str], ...] = (
    ("angle", "u1"),  # features.angle_codes
    ("x", "<u2"),  # analysed-photo pixels
    ("y", "<u2"),
    ("scale", "u1"),  # features.scale_codes
)
_POSTING_FILES = (
    "postings_photo",
    "postings_offsets",
    "photo_ids",
    "photo_len",
    "photo_size",
    "idf",
    *(f"postings_{name}" for name, _ in _KEYPOINT_FIELDS),
)


def _encode_words(words: np.ndarray, keypoints: np.ndarray, size: tuple[int, int]) -> bytes:
    xy = np.clip(np.rint(keypoints[:, :2]), 0, 65535)
    fields = {
        "angle": angle_codes(keypoints[:, 3]),
        "x": xy[:, 0],
        "y": xy[:, 1],
        "scale": scale_codes(keypoints[:, 2]),
    }
    return b"".join(
        (
            words.astype("<u4").tobytes(),
            *(fields[name].astype(dtype).tobytes() for name, dtype in _KEYPOINT_FIELDS),
            np.array(size, "<u2").tobytes(),
        )
    )


def _decode_words(blob: bytes) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    """Word ids, keypoint fields by name and analysed (width, height) of an encoded blob."""
    per_keypoint = 4 + sum(np.dtype(dtype).itemsize for _, dtype in _KEYPOINT_FIELDS)
    n = (len(blob) - 4) // per_keypoint
    words = np.frombuffer(blob, dtype="<u4", count=n)
    offset = 4 * n
    fields = {}
    for name, dtype in _KEYPOINT_FIELDS:
        fields[name] = np.frombuffer(blob, dtype=dtype, count=n, offset=offset)
        offset += n * np.dtype(dtype).itemsize
    return words, fields, np.frombuffer(blob, dtype="<u2", count=2, offset=offset)


@dataclass(frozen=True)
class Postings:
    vocab: Vocabulary
    offsets: np.ndarray
    photos: np.ndarray
    angles: np.ndarray
    """uint8 keypoint angle code of each posting (for weak geometric consistency)."""
    photo_ids: np.ndarray
    photo_len: np.ndarray
    idf: np.ndarray
    xs: np.ndarray
    """uint16 keypoint x of each posting, analysed-photo pixels."""
    ys: np.ndarray
    scales: np.ndarray
    """uint8 keypoint size code of each posting (features.scale_codes)."""
    photo_size: np.ndarray
    """uint16 (n_photos, 2) analysed width and height."""

    @property
    def n_photos(self) -> int:
        return int(self.photo_ids.shape[0])


class MatchIndex:
    def __init__(self, fingerprint_db: Path, index_dir: Path) -> None:
        # One connection per thread (the store layer's threading rule, store/__init__.py); the
        # service's lock guards the in-memory postings, not the connection.
        self._conns = ThreadConnections(fingerprint_db, "fingerprints")
        self.dir = index_dir
        self._postings: Postings | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The calling thread's connection to the fingerprint cache."""
        return self._conns.get()

    def close(self) -> None:
        self._conns.close()

    # -- metadata ---------------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM match_meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO match_meta(key, value) VALUES (?, ?)", (key, value)
        )

    # -- features access --------------------------------------------------------------------------
    def feature_blobs(self, photo_ids: list[int]) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for i in range(0, len(photo_ids), 500):
            chunk = photo_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT photo_id, data FROM photo_features"
                f" WHERE version=? AND photo_id IN ({marks})",
                (FEATURES_VERSION, *chunk),
            ):
                out[int(row[0])] = bytes(row[1])
        return out

    def _iter_blobs(self, ids: list[int]) -> Iterator[tuple[int, bytes]]:
        for i in range(0, len(ids), _BATCH):
            yield from self.feature_blobs(ids[i : i + _BATCH]).items()

    # -- refresh ----------------------------------------------------------------------------------
    def refresh(self, *, progress: Progress = NULL_PROGRESS) -> bool:
        """Bring words and postings up to date. Returns True when the index changed."""
        current = {
            int(r[0]): int(r[1])
            for r in self.conn.execute(
                "SELECT photo_id, length(data) FROM photo_features WHERE version=?",
                (FEATURES_VERSION,),
            )
        }
        total_desc = sum(max(0, n - 64) // 144 for n in current.values())  # ~bytes per feature
        vocab_id = self._meta("vocab_id")
        trained_on = int(self._meta("trained_on") or 0)
        changed = False
        if self._meta("words_format") != WORDS_FORMAT:
            with self.conn:
                self.conn.execute("DELETE FROM match_words")
                self._set_meta("words_format", WORDS_FORMAT)
            changed = True
        if current and (
            vocab_id is None
            or not (self.dir / "vocab.npz").exists()
            or (total_desc > REGROW_FACTOR * trained_on and trained_on < TRAIN_SAMPLE)
        ):
            vocab_id = self._train(sorted(current), total_desc, progress)
            changed = True
        with self.conn:
            gone = [
                int(r[0])
                for r in self.conn.execute("SELECT photo_id FROM match_words")
                if int(r[0]) not in current
            ]
            for pid in gone:
                self.conn.execute("DELETE FROM match_words WHERE photo_id=?", (pid,))
        changed = changed or bool(gone)
        have = {
            int(r[0])
            for r in self.conn.execute(
                "SELECT photo_id FROM match_words WHERE vocab_id=?", (vocab_id,)
            )
        }
        todo = sorted(set(current) - have)
        if todo:
            vocab = self._load_vocab()
            done = 0
            for i in range(0, len(todo), _BATCH):
                progress.check_cancelled()
                rows = []
                batch = [
                    (pid, decode_features(blob, thumbnail=False))
                    for pid, blob in self.feature_blobs(todo[i : i + _BATCH]).items()
                ]
                if batch:
                    # one quantisation call per batch: the per-call overhead dominates otherwise
                    desc = np.concatenate([f.descriptors for _, f in batch])
                    words = vocab.quantize(root_sift(desc))
                    cut = np.cumsum([f.descriptors.shape[0] for _, f in batch])[:-1]
                    for (pid, feats), w in zip(batch, np.split(words, cut), strict=True):
                        blob = _encode_words(w, feats.keypoints, feats.size)
                        rows.append((pid, vocab_id, blob))
                with self.conn:
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO match_words(photo_id, vocab_id, words)"
                        " VALUES (?,?,?)",
                        rows,
                    )
                done += len(todo[i : i + _BATCH])
                progress.update(done, len(todo), "matching-index")
            changed = True
        if changed or not all((self.dir / f"{n}.npy").exists() for n in _POSTING_FILES):
            self._write_postings(vocab_id)
            self._postings = None
            changed = True
        return changed

    def _train(self, ids: list[int], total_desc: int, progress: Progress) -> str:
        rng = np.random.default_rng(11)
        per_photo = max(8, int(TRAIN_SAMPLE / max(1, len(ids))))
        sample: list[np.ndarray] = []
        for n, (_, blob) in enumerate(self._iter_blobs(ids)):
            d = descriptors_of(blob)
            if d.shape[0] > per_photo:
                d = d[rng.choice(d.shape[0], per_photo, replace=False)]
            sample.append(d)
            if n % 1000 == 0:
                progress.check_cancelled()
                progress.update(n, len(ids), "matching-vocabulary")
        # raw uint8 descriptors cross to the worker (a quarter of the float32 RootSIFT size)
        raw = np.concatenate(sample) if sample else np.zeros((0, 128), np.uint8)
        del sample
        arrays = _train_out_of_process(raw)
        n_trained = raw.shape[0]
        del raw
        self.dir.mkdir(parents=True, exist_ok=True)
        # Rebuildable: all or nothing for a crash, no fsync (core/atomic.py).
        with atomic_write(self.dir / "vocab.npz", prefix="vocab.", durable=False) as out:
            np.savez(out.file, top=arrays["top"], leaves=arrays["leaves"])
        vocab_id = uuid.uuid4().hex
        with self.conn:
            self._set_meta("vocab_id", vocab_id)
            self._set_meta("trained_on", str(max(total_desc, n_trained)))
            self.conn.execute("DELETE FROM match_words")
        return vocab_id

    def _load_vocab(self) -> Vocabulary:
        with np.load(self.dir / "vocab.npz") as arrays:
            return vocabulary_from_arrays({k: arrays[k] for k in arrays.files})

    def _write_postings(self, vocab_id: str | None) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        ids: list[int] = []
        chunks: list[np.ndarray] = []
        field_chunks: dict[str, list[np.ndarray]] = {name: [] for name, _ in _KEYPOINT_FIELDS}
        sizes: list[np.ndarray] = []
        for row in self.conn.execute(
            "SELECT photo_id, words FROM match_words WHERE vocab_id=? ORDER BY photo_id",
            (vocab_id,),
        ):
            words_of, fields, size = _decode_words(row[1])
            ids.append(int(row[0]))
            chunks.append(words_of)
            for name, values in fields.items():
                field_chunks[name].append(values)
            sizes.append(size)
        n_words = self._load_vocab().size if (self.dir / "vocab.npz").exists() else 1
        lens = np.array([c.size for c in chunks], np.int32)
        words = np.concatenate(chunks).astype(np.int64) if chunks else np.zeros(0, np.int64)
        owner = np.repeat(np.arange(len(ids), dtype=np.int32), lens)
        order = np.argsort(words, kind="stable")
        counts = np.bincount(words, minlength=n_words)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # document frequency, not posting count: a word repeated in one photo is not commoner
        df = np.zeros(n_words, np.int64)
        if words.size:
            pairs = np.unique(words * max(1, len(ids)) + owner)
            df = np.bincount(pairs // max(1, len(ids)), minlength=n_words)
        idf = np.log((len(ids) + 1.0) / (df + 1.0)).astype(np.float32)

        arrays = {
            "postings_photo": owner[order],
            "photo_size": (
                np.vstack(sizes).astype(np.uint16) if sizes else np.zeros((0, 2), np.uint16)
            ),
            "postings_offsets": offsets,
            "photo_ids": np.array(ids, np.int64),
            "photo_len": lens,
            "idf": idf,
        }
        for name, dtype in _KEYPOINT_FIELDS:
            parts = field_chunks[name]
            values = np.concatenate(parts) if parts else np.zeros(0, dtype)
            arrays[f"postings_{name}"] = values.astype(np.dtype(dtype).type)[order]
        for name, arr in arrays.items():
            with atomic_write(self.dir / f"{name}.npy", prefix=f"{name}.", durable=False) as out:
                np.save(out.file, arr)
        state = json.dumps({"vocab_id": vocab_id, "photos": len(ids)}).encode()
        atomic_write_bytes(self.dir / "state.json", state, prefix="state.", durable=False)

    # -- query ------------------------------------------------------------------------------------
    def postings(self) -> Postings | None:
        if self._postings is None:
            if (
                not all((self.dir / f"{name}.npy").exists() for name in _POSTING_FILES)
                or not (self.dir / "vocab.npz").exists()
            ):
                return None

            def load(name: str) -> np.ndarray:
                array: np.ndarray = np.load(self.dir / f"{name}.npy", mmap_mode="r")
                return array

            self._postings = Postings(
                self._load_vocab(),
                np.asarray(load("postings_offsets")),
                load("postings_photo"),
                load("postings_angle"),
                np.asarray(load("photo_ids")),
                np.asarray(load("photo_len")),
                np.asarray(load("idf")),
                load("postings_x"),
                load("postings_y"),
                load("postings_scale"),
                np.asarray(load("photo_size")),
            )
        return self._postings


def _train_from_raw(raw: np.ndarray) -> dict[str, np.ndarray]:
    return train_vocabulary_arrays(root_sift(raw))


def _train_out_of_process(raw: np.ndarray) -> dict[str, np.ndarray]:
    """Learn the vocabulary in a spawned worker process.

    k-means holds the interpreter for long stretches; in the GUI process that froze the window for
    most of a second at a time. A worker keeps the caller responsive; if one cannot be started
    (an embedded interpreter without a main module), train here instead.
    """
    from concurrent.futures.process import BrokenProcessPool

    from picproof.core.workers import worker_pool

    try:
        with worker_pool(1) as pool:  # ends by itself if this process is killed
            return pool.submit(_train_from_raw, raw).result()
    except (BrokenProcessPool, OSError, RuntimeError):  # RuntimeError: caller lacks a main guard
        return _train_from_raw(raw)
