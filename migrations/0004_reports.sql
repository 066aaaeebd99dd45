-- 損傷報告 (damage reports): reports at a point inside the city, their photos, residents' "me too", the
-- history of what staff did (status, notes, department, merges, hiding, redaction).
-- Categories, departments and statuses are data (src/features/reports/catalog/*.json), so they are checked
-- by the engine against that data, here only for shape.

-- Public numbers are sequential and short (R000123): read over the phone and typed into the admin search.
CREATE SEQUENCE report_number_seq;

CREATE TABLE reports (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number          text NOT NULL UNIQUE DEFAULT ('R' || lpad(nextval('report_number_seq')::text, 6, '0')),
  category        text NOT NULL CHECK (category ~ '^[a-z0-9_-]{1,32}$'),
  department      text NOT NULL CHECK (department ~ '^[a-z0-9_-]{1,32}$'),
  status          text NOT NULL CHECK (status ~ '^[a-z0-9_-]{1,32}$'),
  -- No PostGIS: plain WGS 84 degrees; distances are a haversine in SQL behind a bounding-box pre-filter.
  lat             double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon             double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  address         text CHECK (address IS NULL OR length(address) <= 500),
  -- What the resident wrote: personal data until staff approve a (possibly redacted) public_comment.
  comment         text CHECK (comment IS NULL OR length(comment) <= 1000),
  public_comment  text CHECK (public_comment IS NULL OR length(public_comment) <= 1000),
  -- NULL for a report staff entered themselves (a phone call); residents' reports always carry their user.
  user_id         text REFERENCES line_users (user_id),
  -- Hidden reports are never published (exports, Open311) nor offered as nearby duplicates.
  hidden          boolean NOT NULL DEFAULT false,
  hidden_reason   text,
  duplicate_of    bigint REFERENCES reports (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz,
  CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
-- The bounding-box pre-filter of the nearby search and of the staff map filter.
CREATE INDEX reports_by_position ON reports (lat, lon);
CREATE INDEX reports_by_category_position ON reports (category, lat, lon) WHERE NOT hidden AND duplicate_of IS NULL;
CREATE INDEX reports_by_created ON reports (created_at DESC, id DESC);
CREATE INDEX reports_by_user ON reports (user_id, created_at DESC);

CREATE TABLE report_photos (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id       bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  -- A key of the photo store (src/features/reports/photos/store.ts): 128 random bits as hex.
  photo_key       text NOT NULL UNIQUE CHECK (photo_key ~ '^[0-9a-f]{32}$'),
  added_by_user   text REFERENCES line_users (user_id),
  added_by_staff  bigint REFERENCES staff (id),
  -- 'reporter': sent with the report; 'supporter': sent with a "me too"; 'staff': added by staff.
  source          text NOT NULL CHECK (source IN ('reporter', 'supporter', 'staff')),
  -- Photos may show faces or number plates: only those staff approved (or replaced by a blurred copy) are published.
  public          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (added_by_user IS NOT NULL OR added_by_staff IS NOT NULL OR source = 'reporter')
);
CREATE INDEX report_photos_by_report ON report_photos (report_id, id);

-- "Me too": residents who saw the same damage; they are told of every status change like the reporter.
CREATE TABLE report_supporters (
  report_id   bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  user_id     text NOT NULL REFERENCES line_users (user_id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, user_id)
);
CREATE INDEX report_supporters_by_user ON report_supporters (user_id, created_at DESC);

-- Everything that happened to a report, in order: the status history (with reasons) and staff actions.
CREATE TABLE report_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id    bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('created', 'status', 'note', 'department', 'merged', 'merged_into',
                                             'hidden', 'shown', 'redacted', 'photo')),
  from_status  text,
  to_status    text,
  reason       text CHECK (reason IS NULL OR length(reason) <= 1000),
  note         text CHECK (note IS NULL OR length(note) <= 4000),
  staff_id     bigint REFERENCES staff (id),
  details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_events_by_report ON report_events (report_id, id);
