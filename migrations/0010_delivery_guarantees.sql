-- Delivery guarantees: instance heartbeats (a dead instance's leases are taken over in seconds, a live one's
-- never), outbox leases with an owner, the reply-token deadline, replies whose outcome is unknown, and the
-- channel a message was queued for (local mode never sends what was meant for real LINE).

CREATE TABLE worker_instances (
  owner         text PRIMARY KEY,
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE outbound_messages
  ADD COLUMN lease_owner text,
  -- Until then the reply token may still be used; a reply retried with the same token can never be delivered
  -- twice (LINE answers 400 for a spent token), so it is how an uncertain reply is settled.
  ADD COLUMN reply_deadline timestamptz,
  -- A reply was attempted and its outcome is unknown (a crash, a lost connection): never pushed as well.
  ADD COLUMN reply_uncertain boolean NOT NULL DEFAULT false,
  ADD COLUMN channel text NOT NULL DEFAULT 'line' CHECK (channel IN ('line', 'local'));

ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check;
-- 'unconfirmed': a reply may have been delivered before a crash and could no longer be checked; not resent.
ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'unconfirmed'));

DROP INDEX outbound_messages_open;
CREATE INDEX outbound_messages_open ON outbound_messages (channel, available_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbound_messages_sending_owner ON outbound_messages (lease_owner) WHERE status = 'sending';
CREATE INDEX webhook_events_processing_owner ON webhook_events (lease_owner) WHERE status = 'processing';

-- The channel this deployment serves, written at boot: pushes queued by any code are tagged with it.
CREATE TABLE outbox_channel (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  kind      text NOT NULL CHECK (kind IN ('line', 'local'))
);
