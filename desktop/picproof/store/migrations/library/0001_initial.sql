-- Photo library index. Paths are stored twice: path_key (the exact bytes the OS uses, so
-- non-UTF-8 names round-trip) and path (readable text for display and search).
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    path_key BLOB NOT NULL UNIQUE,
    path TEXT NOT NULL,
    added_at TEXT NOT NULL,
    last_scan_at TEXT,
    last_scan_status TEXT
);

CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path_key BLOB NOT NULL UNIQUE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    format TEXT NOT NULL,
    captured_at TEXT,
    camera TEXT,
    phash TEXT,
    dhash TEXT,
    first_seen_at TEXT NOT NULL,
    indexed_at TEXT NOT NULL
);
CREATE INDEX photos_sha256 ON photos(sha256);
CREATE INDEX photos_folder ON photos(folder_id);
CREATE INDEX photos_captured ON photos(captured_at);

-- What happened to each photo over time (added, changed, moved, removed); a moved photo keeps its id.
CREATE TABLE photo_history (
    id INTEGER PRIMARY KEY,
    photo_id INTEGER NOT NULL,
    event TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT,
    at TEXT NOT NULL
);
CREATE INDEX photo_history_photo ON photo_history(photo_id);

-- Files we could not index, with the reason; not retried until their size or mtime changes.
CREATE TABLE skipped_files (
    path_key BLOB PRIMARY KEY,
    path TEXT NOT NULL,
    folder_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
    size INTEGER,
    mtime_ns INTEGER,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
