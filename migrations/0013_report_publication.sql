-- 損傷報告 publication follows moderation: a report reaches the public (Open311, the open-data exports, photo
-- media) only once staff published it, or OPEN311_AUTO_PUBLISH did when it was made; its exact point only once
-- staff approved that too (otherwise it is rounded to about 10 m). Reports made before this migration were never
-- reviewed, so they start unpublished.
ALTER TABLE reports
  ADD COLUMN published boolean NOT NULL DEFAULT false,
  ADD COLUMN published_at timestamptz,
  ADD COLUMN exact_location_public boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT reports_published_at_check CHECK (published = (published_at IS NOT NULL));

-- The public list (Open311 requests.json), newest first.
CREATE INDEX reports_public_by_created ON reports (created_at DESC, id DESC) WHERE published AND NOT hidden;

-- The history records publishing and the exact-location approval like every other staff action.
ALTER TABLE report_events DROP CONSTRAINT report_events_kind_check;
ALTER TABLE report_events ADD CONSTRAINT report_events_kind_check
  CHECK (kind IN ('created', 'status', 'note', 'department', 'merged', 'merged_into', 'hidden', 'shown',
                  'redacted', 'photo', 'published', 'unpublished', 'location'));
