// The record of every stored photo file (report_photo_uploads), written before the file so none escapes the sweep.
import type { Queryable } from '../../../db/transact.ts';
import { assertPhotoKey } from './store.ts';

/**
 * Autocommitted through the pool, never inside an event's transaction: the row must outlive an event that
 * fails after the file was written. On the clock the sweep compares it with (the app's).
 */
export async function recordPhotoUpload(
  db: Queryable,
  upload: { key: string; userId: string; at: Date },
): Promise<void> {
  assertPhotoKey(upload.key);
  await db.query('INSERT INTO report_photo_uploads (photo_key, user_id, stored_at) VALUES ($1, $2, $3)', [
    upload.key,
    upload.userId,
    upload.at,
  ]);
}
