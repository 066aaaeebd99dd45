-- 防災: the designated shelters (国土地理院「指定緊急避難場所・指定避難所データ」, one row per 共通ID) with the
-- status staff set, the disasters staff open and close, and residents' 安否・避難報告 of a disaster.

CREATE TABLE bousai_shelters (
  -- The national 共通ID (e.g. E4021800006111): the number staff and residents see beside the name.
  id                 text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,40}$'),
  -- The facility: 指定避難所 and 指定緊急避難場所 rows sharing it are one place (a school and its grounds).
  site               text NOT NULL CHECK (length(site) BETWEEN 1 AND 40),
  -- evacuation_site = 指定緊急避難場所 (flee there, per hazard); shelter = 指定避難所 (stay there).
  kind               text NOT NULL CHECK (kind IN ('evacuation_site', 'shelter')),
  name               text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  address            text NOT NULL CHECK (char_length(address) <= 300),
  latitude           double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude          double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  -- The hazards the file designates it for (flood, landslide, storm_surge, earthquake, tsunami, fire,
  -- inland_flood, volcano); empty for a 指定避難所 (the national file has no flags for them).
  hazards            text[] NOT NULL DEFAULT '{}',
  -- 受入対象者 = 要配慮者 (a 福祉避難所 for people needing care).
  for_care           boolean NOT NULL DEFAULT false,
  note               text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  status             text NOT NULL DEFAULT 'unopened'
                     CHECK (status IN ('unopened', 'open', 'crowded', 'full', 'closed')),
  status_changed_at  timestamptz,
  status_changed_by  bigint REFERENCES staff (id) ON DELETE SET NULL,
  -- Left out of a later import of its kind: kept (reports may name it) but no longer offered.
  withdrawn          boolean NOT NULL DEFAULT false,
  source             text NOT NULL CHECK (char_length(source) <= 200),
  imported_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bousai_shelters_site ON bousai_shelters (site);
CREATE INDEX bousai_shelters_position ON bousai_shelters (latitude, longitude) WHERE NOT withdrawn;

-- A disaster staff opened (or disaster mode opened): 安否 reports belong to one, and are deleted a set time
-- after it is closed. At most one is open at a time.
CREATE TABLE bousai_disasters (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
  started_at  timestamptz NOT NULL,
  started_by  bigint REFERENCES staff (id) ON DELETE SET NULL,
  closed_at   timestamptz,
  closed_by   bigint REFERENCES staff (id) ON DELETE SET NULL,
  -- Set when its reports were deleted (the retention job); the row stays as the record that it happened.
  reports_deleted_at timestamptz
);
CREATE UNIQUE INDEX bousai_disasters_one_open ON bousai_disasters ((true)) WHERE closed_at IS NULL;

-- One report per resident and person reported on in a disaster (updated, never duplicated): `subject` is ''
-- for the resident and their household, or the folded name of someone reported for (a relative without LINE).
CREATE TABLE bousai_safety_reports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  disaster_id    bigint NOT NULL REFERENCES bousai_disasters (id) ON DELETE CASCADE,
  user_id        text NOT NULL REFERENCES line_users (user_id) ON DELETE CASCADE,
  subject        text NOT NULL DEFAULT '' CHECK (char_length(subject) <= 60),
  proxy_name     text CHECK (proxy_name IS NULL OR char_length(proxy_name) BETWEEN 1 AND 60),
  proxy_address  text CHECK (proxy_address IS NULL OR char_length(proxy_address) BETWEEN 1 AND 200),
  proxy_phone    text CHECK (proxy_phone IS NULL OR proxy_phone ~ '^[0-9+-]{5,20}$'),
  situation      text NOT NULL CHECK (situation IN ('safe_home', 'at_shelter', 'car_or_relatives', 'need_help')),
  shelter_id     text REFERENCES bousai_shelters (id) ON DELETE SET NULL,
  people         integer NOT NULL CHECK (people BETWEEN 1 AND 99),
  needs          text[] NOT NULL DEFAULT '{}',
  latitude       double precision CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude      double precision CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  UNIQUE (disaster_id, user_id, subject),
  CHECK ((subject = '') = (proxy_name IS NULL))
);
CREATE INDEX bousai_safety_reports_situation ON bousai_safety_reports (disaster_id, situation, id);
CREATE INDEX bousai_safety_reports_shelter ON bousai_safety_reports (disaster_id, shelter_id);
