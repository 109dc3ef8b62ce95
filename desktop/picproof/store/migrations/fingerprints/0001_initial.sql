-- Droppable cache of matching features, one row per library photo (photo ids of library.sqlite3).
CREATE TABLE photo_features (
    photo_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,
    data BLOB NOT NULL
);
