-- 防災 disaster mode: which rich-menu set every follower is shown, and the switches between the sets.

-- A disaster (the event 安否 reports and the mode belong to). The shelters part may create the same table in
-- its own migration: IF NOT EXISTS keeps both migrations valid whichever runs first.
CREATE TABLE IF NOT EXISTS bousai_disasters (
  id          bigserial PRIMARY KEY,
  title       text,
  started_at  timestamptz,
  closed_at   timestamptz
);

-- One row: the menu set followers should see. `mode` changes when a switch is requested (so a resident who
-- follows or changes language during the switch is linked to the new set at once); a switch brings every
-- existing follower's link in line with it.
CREATE TABLE rich_menu_mode (
  id           smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  mode         text NOT NULL DEFAULT 'normal' CHECK (mode IN ('normal', 'disaster')),
  disaster_id  bigint,
  changed_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO rich_menu_mode (id) VALUES (1) ON CONFLICT DO NOTHING;

-- A switch of every follower's rich menu to one set. Progress is committed after every bulk-link request
-- (phase + cursor), so an instance that dies mid-way leaves a switch any instance resumes after its lease.
-- At most one switch is open at a time; a newer request supersedes an open one.
CREATE TABLE bousai_mode_switches (
  id            bigserial PRIMARY KEY,
  target        text NOT NULL CHECK (target IN ('normal', 'disaster')),
  status        text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'done', 'superseded')),
  -- menus → default → users → done
  phase         text NOT NULL DEFAULT 'menus' CHECK (phase IN ('menus', 'default', 'users', 'done')),
  -- Users are linked language group by language group, in user id order: the last group and id done.
  cursor_group  integer NOT NULL DEFAULT 0,
  cursor_user   text NOT NULL DEFAULT '',
  users_total   integer,
  users_done    integer NOT NULL DEFAULT 0,
  link_requests integer NOT NULL DEFAULT 0,
  source        text NOT NULL CHECK (source IN ('staff', 'jma')),
  reason        text,
  requested_by  bigint,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  -- The instance holding the switch and until when; every progress write is fenced by the lease token.
  lease_token   uuid,
  lease_until   timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text
);
CREATE UNIQUE INDEX bousai_mode_switches_one_open ON bousai_mode_switches ((true))
  WHERE status IN ('pending', 'running');
