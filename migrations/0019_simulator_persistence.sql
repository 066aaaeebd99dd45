-- Local mode (no LINE channel): the simulator's users, their transcripts and the photos they sent survive a
-- restart, so an open simulator tab reconnects and the users' reports and children stay attached to someone.
-- Empty on a server with a real channel.

CREATE TABLE simulator_users (
  user_id        text PRIMARY KEY,
  display_name   text NOT NULL,
  -- The language of the simulated phone's LINE app (the bot's own language choice lives in line_users).
  language       text NOT NULL CHECK (language IN ('ja', 'en', 'ja-easy')),
  followed       boolean NOT NULL DEFAULT false,
  -- Followed at least once: a later follow is an unblock, and while not following the user can send nothing.
  ever_followed  boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per chat bubble, in order; the id is the Server-Sent Events id a reconnecting tab resumes after.
CREATE TABLE simulator_transcript (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id  text NOT NULL REFERENCES simulator_users (user_id) ON DELETE CASCADE,
  at       timestamptz NOT NULL,
  -- {from: 'user', message} or {from: 'bot', via, message}
  item     jsonb NOT NULL
);
CREATE INDEX simulator_transcript_by_user ON simulator_transcript (user_id, id);

-- The photos simulated users sent (LINE keeps message content for a while; the emulator only in memory).
CREATE TABLE simulator_contents (
  message_id    text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES simulator_users (user_id) ON DELETE CASCADE,
  content_type  text NOT NULL,
  bytes         bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX simulator_contents_by_user ON simulator_contents (user_id);
