-- ごみ: the imported data (one current version of its CSV files), residents' areas and reminder settings, the
-- collection reminders (once per resident and day, by the primary key), and 粗大ごみ days and applications.

-- The CSV files staff imported, kept as given (exported back as they are); no row: the shipped sample.
CREATE TABLE gomi_dataset (
  id           smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  version      bigint NOT NULL,
  files        jsonb NOT NULL CHECK (jsonb_typeof(files) = 'object'),
  imported_at  timestamptz NOT NULL DEFAULT now(),
  imported_by  bigint REFERENCES staff (id) ON DELETE SET NULL
);

-- A resident's area and reminder: the evening before or the morning of, at a chosen minute of the day, for the
-- chosen categories (empty: every category collected at the stations).
CREATE TABLE gomi_residents (
  user_id           text PRIMARY KEY REFERENCES line_users (user_id) ON DELETE CASCADE,
  area_id           text NOT NULL CHECK (area_id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  reminder          text CHECK (reminder IN ('evening', 'morning')),
  reminder_minutes  integer CHECK (reminder_minutes BETWEEN 0 AND 1439),
  categories        text[] NOT NULL DEFAULT '{}',
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((reminder IS NULL) = (reminder_minutes IS NULL))
);
CREATE INDEX gomi_residents_reminder ON gomi_residents (reminder, reminder_minutes, area_id)
  WHERE reminder IS NOT NULL;

-- One multicast of the same text to up to 500 residents (one area, language and set of categories); the retry
-- key is fixed when the batch is made, so a retry (or another instance after a lease ran out) is deduplicated.
CREATE TABLE gomi_reminder_batches (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  collection_date  date NOT NULL,
  area_id          text NOT NULL,
  language         text NOT NULL,
  categories       text[] NOT NULL,
  text             text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  retry_key        uuid NOT NULL UNIQUE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  available_at     timestamptz NOT NULL,
  lease_until      timestamptz,
  sent_at          timestamptz,
  request_id       text,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gomi_reminder_batches_open ON gomi_reminder_batches (available_at) WHERE status IN ('pending', 'sending');

-- The primary key is the rule "exactly once per resident and collection day": a resident is planned into a
-- batch by an insert that does nothing when the row exists, whichever instance or restart tries again.
CREATE TABLE gomi_reminder_recipients (
  user_id          text NOT NULL,
  collection_date  date NOT NULL,
  batch_id         bigint REFERENCES gomi_reminder_batches (id) ON DELETE CASCADE,
  status           text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
  PRIMARY KEY (user_id, collection_date)
);
CREATE INDEX gomi_reminder_recipients_batch ON gomi_reminder_recipients (batch_id);

-- 粗大ごみ collection days: the database refuses a booking beyond the day's capacity.
CREATE TABLE gomi_bulky_days (
  date      date PRIMARY KEY,
  capacity  integer NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
  booked    integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity)
);

-- Applications from LINE and from the phone in one ledger; items with their fees as at the time of booking.
CREATE TABLE gomi_bulky_applications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       text REFERENCES line_users (user_id) ON DELETE SET NULL,
  channel       text NOT NULL CHECK (channel IN ('line', 'phone')),
  name          text CHECK (name IS NULL OR char_length(name) BETWEEN 1 AND 60),
  phone         text CHECK (phone IS NULL OR char_length(phone) BETWEEN 1 AND 20),
  address       text NOT NULL CHECK (char_length(address) BETWEEN 1 AND 120),
  date          date NOT NULL REFERENCES gomi_bulky_days (date),
  items         jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  fee           integer NOT NULL CHECK (fee >= 0),
  status        text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
  created_by    bigint REFERENCES staff (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  cancelled_at  timestamptz,
  reminded_at   timestamptz
);
CREATE INDEX gomi_bulky_applications_date ON gomi_bulky_applications (date) WHERE status = 'booked';
CREATE INDEX gomi_bulky_applications_user ON gomi_bulky_applications (user_id) WHERE status = 'booked';

-- Item searches that found nothing (no resident id kept): staff add synonyms from this list.
CREATE TABLE gomi_unanswered_searches (
  query       text PRIMARY KEY CHECK (char_length(query) BETWEEN 1 AND 100),
  count       integer NOT NULL DEFAULT 1,
  last_at     timestamptz NOT NULL DEFAULT now()
);
