-- Retention of raw LINE traffic (src/privacy/): a finished event's payload and a sent message's content are
-- replaced by a stub after RAW_DATA_RETENTION_DAYS, or at once when the resident's data is deleted; the row itself
-- goes later. `scrubbed_at` marks a stub; the partial indexes keep each scan to the rows it can act on.
ALTER TABLE webhook_events ADD COLUMN scrubbed_at timestamptz;
ALTER TABLE outbound_messages ADD COLUMN scrubbed_at timestamptz;

-- Content still held, oldest first (the retention scan) and per resident (scrubbing one resident at once).
CREATE INDEX webhook_events_unscrubbed ON webhook_events (received_at)
  WHERE status IN ('done', 'failed') AND scrubbed_at IS NULL;
CREATE INDEX webhook_events_unscrubbed_by_user ON webhook_events (user_id)
  WHERE status IN ('done', 'failed') AND scrubbed_at IS NULL;
CREATE INDEX outbound_messages_unscrubbed ON outbound_messages (created_at)
  WHERE status IN ('sent', 'failed', 'skipped', 'unconfirmed') AND scrubbed_at IS NULL;
CREATE INDEX outbound_messages_unscrubbed_by_recipient ON outbound_messages (to_id)
  WHERE status IN ('sent', 'failed', 'skipped', 'unconfirmed') AND scrubbed_at IS NULL;

-- Stubs, oldest first (deleting rows at the end of their life).
CREATE INDEX webhook_events_scrubbed ON webhook_events (received_at) WHERE scrubbed_at IS NOT NULL;
CREATE INDEX outbound_messages_scrubbed ON outbound_messages (created_at) WHERE scrubbed_at IS NOT NULL;
-- Deleting an event checks the messages that answered it (the foreign key): without this, a scan of the outbox.
CREATE INDEX outbound_messages_by_source_event ON outbound_messages (source_event_id)
  WHERE source_event_id IS NOT NULL;

-- Residents whose raw data was scrubbed at once (consent withdrawn, a child deleted, a retention purge) while
-- some of their events or messages were still pending or being sent: those are scrubbed as soon as they finish,
-- and the request goes when nothing of theirs is left unfinished or unscrubbed.
CREATE TABLE raw_data_erasures (
  user_id       text PRIMARY KEY,
  requested_at  timestamptz NOT NULL
);
