-- A photo's visual words are derived from its features row. When the features are rewritten under
-- the same photo id (a library file edited in place, or every photo after a features-version
-- upgrade), the words must go with them, or retrieval keeps voting with keypoints the photo no
-- longer has. The matching index re-quantises the photos whose words are missing.
CREATE TRIGGER photo_features_inserted_drop_words AFTER INSERT ON photo_features
BEGIN
    DELETE FROM match_words WHERE photo_id = NEW.photo_id;
END;
CREATE TRIGGER photo_features_updated_drop_words AFTER UPDATE ON photo_features
BEGIN
    DELETE FROM match_words WHERE photo_id = NEW.photo_id;
END;
-- Words written before these triggers existed may already be stale: rebuild them all once.
DELETE FROM match_words;
