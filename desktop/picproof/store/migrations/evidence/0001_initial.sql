-- Evidence database. Rows describing evidence are append-only: triggers refuse UPDATE and DELETE on
-- evidence, custody, timestamps, matches and decisions. Corrections add rows; removals add tombstones.

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'other',
    status TEXT NOT NULL DEFAULT 'open',
    details TEXT NOT NULL DEFAULT '{}',   -- JSON: rights holder, platforms, accounts, notes, language
    operator TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    imported_from TEXT
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    acquisition TEXT NOT NULL,            -- JSON AcquisitionFacts
    description TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    supersedes INTEGER REFERENCES evidence(id),
    created_at TEXT NOT NULL
);
CREATE INDEX evidence_case ON evidence(case_id);
CREATE INDEX evidence_sha ON evidence(sha256);

CREATE TABLE tombstones (
    id INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    suspect_evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    original_evidence_id INTEGER REFERENCES evidence(id),
    explanation_evidence_id INTEGER REFERENCES evidence(id),
    photo_id INTEGER NOT NULL,
    photo_sha256 TEXT NOT NULL,
    level TEXT NOT NULL,
    score REAL NOT NULL,
    bbox TEXT,                            -- JSON [x, y, w, h]
    transform TEXT,                       -- JSON
    created_at TEXT NOT NULL
);

CREATE TABLE match_decisions (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES matches(id),
    decision TEXT NOT NULL,
    reverses INTEGER REFERENCES match_decisions(id),
    created_at TEXT NOT NULL
);

CREATE TABLE timestamps (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    evidence_id INTEGER REFERENCES evidence(id),
    subject TEXT NOT NULL,
    digest TEXT NOT NULL,
    tsa_url TEXT NOT NULL,
    tsa_name TEXT NOT NULL DEFAULT '',
    gen_time TEXT NOT NULL,
    serial TEXT NOT NULL,
    policy TEXT NOT NULL,
    response BLOB NOT NULL,               -- TimeStampResp exactly as received
    roots BLOB NOT NULL DEFAULT x'',      -- PEM of the trust roots it was verified against
    created_at TEXT NOT NULL
);
CREATE INDEX timestamps_digest ON timestamps(digest);

CREATE TABLE custody (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    entry TEXT NOT NULL,                  -- canonical JSON of the whole entry, hash included
    hash TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    due TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    remind_days_before INTEGER NOT NULL DEFAULT 3,
    done INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER tombstones_no_update BEFORE UPDATE ON tombstones BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER tombstones_no_delete BEFORE DELETE ON tombstones BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER timestamps_no_update BEFORE UPDATE ON timestamps BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER timestamps_no_delete BEFORE DELETE ON timestamps BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER matches_no_update BEFORE UPDATE ON matches BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER matches_no_delete BEFORE DELETE ON matches BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON match_decisions BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON match_decisions BEGIN SELECT RAISE(ABORT, 'append-only'); END;
