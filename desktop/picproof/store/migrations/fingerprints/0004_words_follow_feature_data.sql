-- Words follow a photo's feature *data*, not its version number: a scan after a features-version
-- upgrade gives today's number to the rows whose features today's extraction would write the
-- same (core/matching/features.py, SAME_LAYOUT_FROM), and their words stay valid.
DROP TRIGGER photo_features_updated_drop_words;
CREATE TRIGGER photo_features_updated_drop_words AFTER UPDATE OF data ON photo_features
BEGIN
    DELETE FROM match_words WHERE photo_id = NEW.photo_id;
END;
