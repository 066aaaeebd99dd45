-- Staff console sign-in: a login id and a password hash (scrypt) per staff member, browser sessions (only the
-- SHA-256 of the cookie's value is stored; each has its CSRF token), and the one-time link that creates the
-- first administrator from the browser.
ALTER TABLE staff
  ADD COLUMN login_id text UNIQUE CHECK (login_id IS NULL OR login_id ~ '^[a-z0-9._@-]{3,64}$'),
  -- "scrypt$N$r$p$salt$hash" (base64url); NULL: this member signs in with API tokens only.
  ADD COLUMN password_hash text;

CREATE TABLE staff_sessions (
  id_hash       bytea PRIMARY KEY,
  staff_id      bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  -- Idle expiry, moved forward while the session is used; never past absolute_expires_at.
  expires_at           timestamptz NOT NULL,
  absolute_expires_at  timestamptz NOT NULL,
  ip            text
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (absolute_expires_at);

CREATE TABLE staff_setup_links (
  token_hash  bytea PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
