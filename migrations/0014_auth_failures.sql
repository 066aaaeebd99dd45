-- Failed authentication attempts counted per (scope, subject), shared by every instance: a subject that fails
-- too often within a window is locked out for a while. scope says what was attempted ('staff-token',
-- 'open311-key', later 'console-password'); subject says by whom or from where ('ip:203.0.113.7',
-- 'ip:2001:db8:1:2::/64', 'account:42'), so one table serves per-address and per-account limits.
CREATE TABLE auth_failures (
  scope         text NOT NULL CHECK (length(scope) BETWEEN 1 AND 64),
  subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  failures      integer NOT NULL CHECK (failures >= 1),
  window_start  timestamptz NOT NULL,
  locked_until  timestamptz,
  -- After this the row means nothing any more (its window and any lock are over) and may be deleted.
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (scope, subject)
);
CREATE INDEX auth_failures_expires ON auth_failures (expires_at);
