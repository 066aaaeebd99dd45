// Test fixtures for 子育て segment sends: parents with consent and children written straight to the database
// (one at a time or in bulk), a simulated clock, and counts of what the LINE emulator delivered.
import { randomBytes } from 'node:crypto';
import type { Harness } from './harness.ts';
import { newUserId } from './webhook-events.ts';

/** 2026-03-15 10:00 in Kasuga (01:00 UTC). */
export const T0 = new Date('2026-03-15T01:00:00Z');

export interface ParentInput {
  births: string[];
  language?: 'ja' | 'en' | 'ja-easy';
  /** false: the parent blocked the account. */
  followed?: boolean;
  district?: string | null;
}

export async function addParent(h: Harness, input: ParentInput): Promise<string> {
  const userId = newUserId();
  await h.query('INSERT INTO line_users (user_id, language, followed) VALUES ($1, $2, $3)', [
    userId,
    input.language ?? 'ja',
    input.followed ?? true,
  ]);
  await h.query(
    `INSERT INTO childcare_parents (user_id, consent_version, consented_at, district) VALUES ($1, 'v1', now(), $2)`,
    [userId, input.district ?? null],
  );
  for (const birth of input.births) {
    await h.query(
      `INSERT INTO childcare_children (user_id, nickname, birth_date) VALUES ($1, 'こども', $2)`,
      [userId, birth],
    );
  }
  return userId;
}

/** `count` parents with one child each born on `birth`; returns their user ids. */
export async function addParents(
  h: Harness,
  count: number,
  input: { birth: string; language?: 'ja' | 'en' | 'ja-easy'; followed?: boolean; district?: string | null },
): Promise<string[]> {
  const prefix = randomBytes(4).toString('hex');
  const rows = await h.query<{ user_id: string }>(
    `INSERT INTO line_users (user_id, language, followed)
     SELECT 'U' || md5($1 || g), $3, $4 FROM generate_series(1, $2::int) g
     RETURNING user_id`,
    [prefix, count, input.language ?? 'ja', input.followed ?? true],
  );
  const ids = rows.map((r) => r.user_id);
  await h.query(
    `INSERT INTO childcare_parents (user_id, consent_version, consented_at, district)
     SELECT u, 'v1', now(), $2 FROM unnest($1::text[]) u`,
    [ids, input.district ?? null],
  );
  await h.query(
    `INSERT INTO childcare_children (user_id, nickname, birth_date) SELECT u, 'こども', $2 FROM unnest($1::text[]) u`,
    [ids, input.birth],
  );
  return ids;
}

/** Forgets every parent, child and send (each test starts from none). */
export async function clearChildcare(h: Harness): Promise<void> {
  await h.query('DELETE FROM childcare_segment_sends');
  await h.query('DELETE FROM childcare_parents');
  h.emulator.reset();
}

/** How many multicast deliveries each user got. */
export function multicastCounts(h: Harness): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of h.emulator.deliveries) {
    if (d.kind === 'multicast') counts.set(d.userId, (counts.get(d.userId) ?? 0) + 1);
  }
  return counts;
}

/** The multicast requests LINE accepted (2xx), with their recipient lists. */
export function acceptedMulticasts(h: Harness): { to: string[]; retryKey: string }[] {
  return h.emulator.requests
    .filter((r) => r.path === '/v2/bot/message/multicast' && r.status < 300)
    .map((r) => ({
      to: (r.body as { to: string[] }).to,
      retryKey: String(r.headers['x-line-retry-key']),
    }));
}
