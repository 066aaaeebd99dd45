-- Which kind of LINE channel this database serves, written at each boot (src/local/platform-instance.ts): a
-- database that served the real channel is never taken over by local mode's login-free simulator by default.
CREATE TABLE platform_instance (
  -- One row per database.
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- 'unknown': the database held data before kinds were recorded, so it may have served the real channel.
  channel_kind  text NOT NULL CHECK (channel_kind IN ('local', 'line', 'unknown')),
  kind_since    timestamptz NOT NULL DEFAULT now(),
  -- Set when a real channel took over a database used in local mode: the LINE users created before this
  -- moment were the simulator's, not residents.
  local_until   timestamptz,
  booted_at     timestamptz NOT NULL DEFAULT now()
);

INSERT INTO platform_instance (channel_kind)
SELECT 'unknown'
WHERE EXISTS (SELECT 1 FROM line_users)
   OR EXISTS (SELECT 1 FROM webhook_events)
   OR EXISTS (SELECT 1 FROM staff);
