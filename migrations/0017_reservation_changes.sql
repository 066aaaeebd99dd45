-- A changed booking keeps its row and its number (the resident reads the number out at the desk): the row moves
-- to the new slot, and when it moved and from which slot are kept here. The day-before reminder counts from the
-- change, as a booking made at that moment would.
ALTER TABLE reservations
  ADD COLUMN changed_at timestamptz,
  ADD COLUMN changed_from_slot_id bigint REFERENCES reservation_slots (id);
