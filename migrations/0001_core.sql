-- Core tables: LINE users, the durable webhook event inbox, per-user conversation state, the outgoing message outbox.

CREATE TABLE line_users (
  user_id        text PRIMARY KEY,
  display_name   text,
  language       text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en', 'ja-easy')),
  -- Set by the resident from the menu; a profile language only fills it while this is false.
  language_chosen boolean NOT NULL DEFAULT false,
  followed       boolean NOT NULL DEFAULT true,
  followed_at    timestamptz,
  unfollowed_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX line_users_following_by_language ON line_users (language) WHERE followed;

-- Every event is stored here under LINE's webhookEventId before the webhook is answered.
CREATE TABLE webhook_events (
  event_id        text PRIMARY KEY,
  event_type      text NOT NULL,
  -- The chat the event belongs to (user, group or room id): events of one chat are handled one at a time, in order.
  chat_id         text,
  user_id         text,
  mode            text NOT NULL DEFAULT 'active',
  is_redelivery   boolean NOT NULL DEFAULT false,
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  destination     text,
  payload         jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'processing', 'done', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  available_at    timestamptz NOT NULL DEFAULT now(),
  lease_owner     text,
  lease_until     timestamptz,
  handled_at      timestamptz,
  last_error      text
);
CREATE INDEX webhook_events_open ON webhook_events (occurred_at, received_at) WHERE status IN ('pending', 'processing');
CREATE INDEX webhook_events_processing_chat ON webhook_events (chat_id) WHERE status = 'processing';

-- One conversation at a time per user: which flow, which step, what has been collected, when it lapses.
CREATE TABLE conversation_states (
  user_id     text PRIMARY KEY,
  flow        text NOT NULL,
  step        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  expires_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Messages to send, written in the same transaction as the change that caused them (transactional outbox).
CREATE TABLE outbound_messages (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_id            text NOT NULL,
  reply_token      text,
  messages         jsonb NOT NULL,
  -- Sent as X-Line-Retry-Key: LINE delivers a retried push with the same key only once.
  retry_key        uuid NOT NULL UNIQUE,
  source_event_id  text REFERENCES webhook_events (event_id),
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  via              text CHECK (via IN ('reply', 'push')),
  attempts         integer NOT NULL DEFAULT 0,
  available_at     timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  last_error       text
);
CREATE INDEX outbound_messages_open ON outbound_messages (available_at) WHERE status IN ('pending', 'sending');
