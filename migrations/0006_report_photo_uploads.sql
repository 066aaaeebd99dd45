-- Every photo file the report chat stored, recorded before the file is written: until the report is submitted
-- its key lives only in the conversation state, so without this row an abandoned photo (the resident quit, the
-- flow lapsed or was replaced, the event failed) would stay in the photo store forever. The sweep
-- (src/features/reports/photos/sweep.ts) deletes old rows: with their file unless a report owns the photo.
CREATE TABLE report_photo_uploads (
  photo_key  text PRIMARY KEY CHECK (photo_key ~ '^[0-9a-f]{32}$'),
  -- No foreign key: the row is committed on its own, before the event that may first create the user commits.
  user_id    text NOT NULL,
  stored_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_photo_uploads_by_stored ON report_photo_uploads (stored_at);
