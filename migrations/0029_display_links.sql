-- Links for the waiting-room screen (呼び出し表示): each reads only the called and next queue numbers of one
-- reservation service; only the SHA-256 of the link's secret is stored.
CREATE TABLE reservation_display_links (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service_id  text NOT NULL REFERENCES reservation_services (id),
  token_hash  bytea NOT NULL UNIQUE,
  label       text NOT NULL DEFAULT '' CHECK (length(label) <= 100),
  created_by  bigint REFERENCES staff (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX reservation_display_links_service ON reservation_display_links (service_id);
