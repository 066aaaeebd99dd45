-- Requests to a rate-limited LINE endpoint per second of the database's clock, shared by every instance:
-- a sender takes a slot before each request, so all instances together stay under the channel's limit.
CREATE TABLE rate_limit_slots (
  name    text NOT NULL,
  second  bigint NOT NULL,
  used    integer NOT NULL CHECK (used >= 1),
  PRIMARY KEY (name, second)
);
