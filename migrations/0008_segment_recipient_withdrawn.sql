-- A segment recipient whose parent withdrew consent after the send started is not sent to: 'withdrawn'.
ALTER TABLE childcare_segment_recipients DROP CONSTRAINT childcare_segment_recipients_status_check;
ALTER TABLE childcare_segment_recipients
  ADD CONSTRAINT childcare_segment_recipients_status_check
  CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'withdrawn'));
