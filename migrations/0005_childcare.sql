-- 子育て情報: parents' consent, their registered children, milestone reminders, and staff segment deliveries.

-- A parent who agreed to the current wording of the consent (its version and when). Withdrawing deletes
-- the row and, by cascade, every child; the log below keeps that it happened.
CREATE TABLE childcare_parents (
  user_id          text PRIMARY KEY REFERENCES line_users (user_id) ON DELETE CASCADE,
  consent_version  text NOT NULL CHECK (length(consent_version) BETWEEN 1 AND 40),
  consented_at     timestamptz NOT NULL,
  -- An elementary-school district id from src/features/childcare/districts.json; null: not told.
  district         text CHECK (district IS NULL OR district ~ '^[a-z0-9-]{1,40}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX childcare_parents_district ON childcare_parents (district);

-- Every consent given or withdrawn, with the wording version: evidence of what a parent agreed to.
CREATE TABLE childcare_consent_log (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          text NOT NULL,
  consent_version  text NOT NULL,
  action           text NOT NULL CHECK (action IN ('given', 'withdrawn')),
  at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX childcare_consent_log_user ON childcare_consent_log (user_id, at);

CREATE TABLE childcare_children (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     text NOT NULL REFERENCES childcare_parents (user_id) ON DELETE CASCADE,
  nickname    text NOT NULL CHECK (char_length(nickname) BETWEEN 1 AND 20),
  birth_date  date NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX childcare_children_user ON childcare_children (user_id);
-- Milestone scans and segment counts select children by birth date.
CREATE INDEX childcare_children_birth_date ON childcare_children (birth_date, user_id);

-- One row per child and milestone, inserted (ON CONFLICT DO NOTHING) in the transaction that queues the push:
-- the primary key is what makes a reminder go out once across instances and restarts.
CREATE TABLE childcare_milestone_reminders (
  child_id    bigint NOT NULL REFERENCES childcare_children (id) ON DELETE CASCADE,
  milestone   text NOT NULL,
  user_id     text NOT NULL,
  due_on      date NOT NULL,
  queued_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (child_id, milestone)
);

-- A message staff compose for parents of children in an age range (and optionally one district).
CREATE TABLE childcare_segment_sends (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  -- Text per language, {"ja": "…", "en": "…", "ja-easy": "…"}; ja is required, the others fall back to it.
  texts            jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object' AND texts ? 'ja'),
  -- Age in completed months on the day of sending, both ends included.
  age_from_months  integer NOT NULL CHECK (age_from_months BETWEEN 0 AND 240),
  age_to_months    integer NOT NULL CHECK (age_to_months BETWEEN 0 AND 240),
  district         text,
  scheduled_at     timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'scheduled'
                   CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
  created_by       bigint REFERENCES staff (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  cancelled_at     timestamptz,
  CHECK (age_from_months <= age_to_months)
);
CREATE INDEX childcare_segment_sends_due ON childcare_segment_sends (scheduled_at) WHERE status = 'scheduled';

-- The recipients fixed when sending starts (one row per parent): pending → sent | failed; blocked users are
-- recorded and never sent to.
CREATE TABLE childcare_segment_recipients (
  send_id   bigint NOT NULL REFERENCES childcare_segment_sends (id) ON DELETE CASCADE,
  user_id   text NOT NULL,
  language  text NOT NULL,
  batch_no  integer,
  status    text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
  PRIMARY KEY (send_id, user_id),
  CHECK ((status = 'blocked') = (batch_no IS NULL))
);
CREATE INDEX childcare_segment_recipients_batch ON childcare_segment_recipients (send_id, batch_no);

-- One multicast (≤ 500 recipients, one language) with its fixed retry key: a batch retried after a timeout,
-- a 5xx or a restart reuses the key, so LINE delivers it once.
CREATE TABLE childcare_segment_batches (
  send_id       bigint NOT NULL REFERENCES childcare_segment_sends (id) ON DELETE CASCADE,
  batch_no      integer NOT NULL,
  language      text NOT NULL,
  recipients    integer NOT NULL CHECK (recipients BETWEEN 1 AND 500),
  retry_key     uuid NOT NULL UNIQUE,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  available_at  timestamptz NOT NULL DEFAULT now(),
  lease_until   timestamptz,
  request_id    text,
  sent_at       timestamptz,
  last_error    text,
  PRIMARY KEY (send_id, batch_no)
);
CREATE INDEX childcare_segment_batches_open ON childcare_segment_batches (available_at)
  WHERE status IN ('pending', 'sending');
