-- Visual-word ids of each photo's features under the current vocabulary (matching index input).
-- Droppable like the rest of this cache: the index rebuilds it from photo_features.
CREATE TABLE match_words (
    photo_id INTEGER PRIMARY KEY,
    vocab_id TEXT NOT NULL,
    words BLOB NOT NULL
);
CREATE TABLE match_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
