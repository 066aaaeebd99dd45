-- Segment messages wait for 08:00 when due during the quiet hours (20:00–08:00 city time) unless staff mark them
-- urgent; the flag is kept with the send (and audited when it is set).
ALTER TABLE childcare_segment_sends ADD COLUMN urgent boolean NOT NULL DEFAULT false;
