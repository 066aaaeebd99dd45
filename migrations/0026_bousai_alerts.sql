-- 防災: JMA 防災情報XML ingest (entries seen, rule matches awaiting staff) and 避難情報 pushes.

-- Every feed entry handled, by its Atom id: the primary key makes an entry processed once across instances.
CREATE TABLE bousai_jma_entries (
  entry_id     text PRIMARY KEY,
  title        text NOT NULL,
  link         text NOT NULL,
  updated_at   timestamptz,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'ignored', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  seen_at      timestamptz NOT NULL DEFAULT now(),
  done_at      timestamptz
);

-- A rule (src/features/bousai/alerts/jma/rules.json) that matched a document for the city.
CREATE TABLE bousai_jma_matches (
  id            bigserial PRIMARY KEY,
  entry_id      text NOT NULL REFERENCES bousai_jma_entries (entry_id) ON DELETE CASCADE,
  rule_id       text NOT NULL,
  action        text NOT NULL CHECK (action IN ('enter', 'confirm')),
  summary       text NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL CHECK (status IN ('entered', 'awaiting', 'confirmed', 'dismissed', 'already')),
  decided_by    bigint,
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, rule_id)
);
CREATE INDEX bousai_jma_matches_awaiting ON bousai_jma_matches (created_at) WHERE status = 'awaiting';

-- A resident's district for 避難情報 (chosen in the chat); the 子育て district counts when none is set here.
CREATE TABLE bousai_resident_districts (
  user_id     text PRIMARY KEY REFERENCES line_users (user_id) ON DELETE CASCADE,
  district    text NOT NULL CHECK (district ~ '^[a-z0-9-]{1,40}$'),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A 避難情報 push: a template sent to every follower or to chosen districts. request_key is the staff request's
-- idempotency key: the same request sent twice creates one push.
CREATE TABLE bousai_alert_sends (
  id            bigserial PRIMARY KEY,
  request_key   uuid NOT NULL UNIQUE,
  template      text NOT NULL,
  -- null: every follower
  districts     text[],
  texts         jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object' AND texts ? 'ja'),
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sending', 'done')),
  disaster_id   bigint,
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz
);
CREATE INDEX bousai_alert_sends_due ON bousai_alert_sends (created_at) WHERE status = 'scheduled';

CREATE TABLE bousai_alert_recipients (
  send_id   bigint NOT NULL REFERENCES bousai_alert_sends (id) ON DELETE CASCADE,
  user_id   text NOT NULL,
  language  text NOT NULL,
  batch_no  integer,
  status    text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked')),
  PRIMARY KEY (send_id, user_id),
  CHECK ((status = 'blocked') = (batch_no IS NULL))
);
CREATE INDEX bousai_alert_recipients_batch ON bousai_alert_recipients (send_id, batch_no);

-- One multicast of ≤ 500 recipients of one language, with its own retry key kept across attempts.
CREATE TABLE bousai_alert_batches (
  send_id       bigint NOT NULL REFERENCES bousai_alert_sends (id) ON DELETE CASCADE,
  batch_no      integer NOT NULL,
  language      text NOT NULL,
  recipients    integer NOT NULL,
  retry_key     uuid NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  available_at  timestamptz NOT NULL,
  lease_until   timestamptz,
  sent_at       timestamptz,
  request_id    text,
  last_error    text,
  PRIMARY KEY (send_id, batch_no)
);
CREATE INDEX bousai_alert_batches_open ON bousai_alert_batches (available_at) WHERE status IN ('pending', 'sending');
