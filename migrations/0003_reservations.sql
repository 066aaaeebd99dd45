-- 申告予約 and other bookings: services with their rules, slots with capacity enforced by the database,
-- reservations (residents from LINE, walk-ins without LINE), the day's queue, and reminder bookkeeping.

CREATE TABLE reservation_services (
  id                   text PRIMARY KEY CHECK (id ~ '^[a-z0-9_-]{1,32}$'),
  -- Names and texts per language: {"ja": "...", "en": "...", "ja-easy": "..."}.
  name                 jsonb NOT NULL,
  description          jsonb NOT NULL DEFAULT '{}'::jsonb,
  what_to_bring        jsonb NOT NULL DEFAULT '{}'::jsonb,
  place                jsonb NOT NULL DEFAULT '{}'::jsonb,
  reception_starts_on  date,
  reception_ends_on    date,
  -- Booking window: a slot can be booked from this many days ahead until this many minutes before it starts.
  opens_days_ahead     integer NOT NULL DEFAULT 30 CHECK (opens_days_ahead BETWEEN 0 AND 366),
  cutoff_minutes       integer NOT NULL DEFAULT 60 CHECK (cutoff_minutes BETWEEN 0 AND 10080),
  one_active_per_user  boolean NOT NULL DEFAULT true,
  -- Closed days (holidays, the desk closed) as ISO dates; slots on them cannot be booked.
  closed_dates         date[] NOT NULL DEFAULT '{}',
  active               boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reservation_slots (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service_id  text NOT NULL REFERENCES reservation_services (id),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  capacity    integer NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
  -- Kept in step with active reservations in the same transaction; the CHECK is what makes the last seat
  -- go to exactly one of many concurrent bookings.
  booked      integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (service_id, starts_at)
);
CREATE INDEX reservation_slots_by_day ON reservation_slots (service_id, starts_at);

CREATE TABLE reservations (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Short code the resident shows at the desk.
  number          text NOT NULL UNIQUE,
  service_id      text NOT NULL REFERENCES reservation_services (id),
  slot_id         bigint NOT NULL REFERENCES reservation_slots (id),
  -- A LINE user, or NULL for a walk-in registered by staff (no LINE: 誰一人取り残さない).
  user_id         text REFERENCES line_users (user_id),
  walk_in_name    text,
  walk_in_phone   text,
  status          text NOT NULL DEFAULT 'booked'
                  CHECK (status IN ('booked', 'checked_in', 'called', 'completed', 'no_show', 'cancelled')),
  -- Copied from the service's rule when booked: an exclusive booking takes part in the uniqueness below.
  exclusive       boolean NOT NULL DEFAULT true,
  queue_date      date,
  queue_number    integer,
  checked_in_at   timestamptz,
  called_at       timestamptz,
  completed_at    timestamptz,
  cancelled_at    timestamptz,
  cancelled_by    text CHECK (cancelled_by IN ('resident', 'staff')),
  cancel_reason   text,
  reminder_sent_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR walk_in_name IS NOT NULL),
  UNIQUE (service_id, queue_date, queue_number)
);
-- One active booking per resident and service (when the service's rule says so), enforced by the database.
CREATE UNIQUE INDEX reservations_one_active_per_user ON reservations (service_id, user_id)
  WHERE exclusive AND user_id IS NOT NULL AND status IN ('booked', 'checked_in', 'called');
CREATE INDEX reservations_by_slot ON reservations (slot_id) WHERE status <> 'cancelled';
CREATE INDEX reservations_by_user ON reservations (user_id, created_at DESC);
CREATE INDEX reservations_reminder_due ON reservations (slot_id) WHERE status = 'booked' AND reminder_sent_at IS NULL;

-- The last queue number handed out per service and day.
CREATE TABLE reservation_queue_counters (
  service_id   text NOT NULL REFERENCES reservation_services (id),
  queue_date   date NOT NULL,
  last_number  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (service_id, queue_date)
);
