// The one-time link that creates the first administrator in the browser: printed by the running server while
// no administrator exists (so it works on the embedded database the server holds), valid one hour, used once.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/transact.ts';
import { hashToken } from './tokens.ts';

export const SETUP_LINK_MINUTES = 60;

/** A new link's secret; earlier unused links are void (only the newest printed one works). */
export async function createSetupLink(db: Queryable): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query('DELETE FROM staff_setup_links WHERE used_at IS NULL');
  await db.query(
    `INSERT INTO staff_setup_links (token_hash, expires_at) VALUES ($1, now() + make_interval(mins => $2::int))`,
    [hashToken(token), SETUP_LINK_MINUTES],
  );
  return token;
}

/** Marks the link used; false when it is unknown, used or over an hour old. Call inside the creating transaction. */
export async function useSetupLink(db: Queryable, token: string): Promise<boolean> {
  const result = await db.query(
    `UPDATE staff_setup_links SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
    [hashToken(token)],
  );
  return result.rowCount === 1;
}
