-- Staff accounts, their API tokens (only hashes are stored), their roles per scope, and the audit log.

CREATE TABLE staff (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  email       text UNIQUE CHECK (email IS NULL OR length(email) <= 254),
  -- Administrators manage staff and read the audit log, and may act in every scope.
  is_admin    boolean NOT NULL DEFAULT false,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id      bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  -- SHA-256 of the token: tokens are 256-bit random values, so a fast hash is enough and the raw token is
  -- never stored; it is shown once when issued.
  token_hash    bytea NOT NULL UNIQUE,
  label         text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id);

-- What a staff member may do where: scope is a service or department key (e.g. 'reservations:tax',
-- 'reports', 'childcare'); role is viewer < operator < manager.
CREATE TABLE staff_roles (
  staff_id  bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  scope     text NOT NULL CHECK (scope ~ '^[a-z0-9_-]+(:[a-z0-9_-]+)?$'),
  role      text NOT NULL CHECK (role IN ('viewer', 'operator', 'manager')),
  PRIMARY KEY (staff_id, scope)
);

-- Every staff action and every read of residents' personal data: who, what, which record, when.
CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  staff_id       bigint REFERENCES staff (id),
  action         text NOT NULL,
  resource_type  text NOT NULL,
  resource_id    text,
  personal_data  boolean NOT NULL DEFAULT false,
  details        jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id     text,
  ip             text
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at DESC);
CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id);
