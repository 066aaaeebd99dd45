-- The claim query checks, for each due event, whether an earlier event of the same chat is still open (in either
-- lane) or being handled: an index on the open events by chat keeps that check a lookup, not a scan of the
-- backlog (a disaster push can leave tens of thousands pending).
CREATE INDEX webhook_events_open_chat ON webhook_events (chat_id, occurred_at, received_at)
  WHERE status IN ('pending', 'processing');
