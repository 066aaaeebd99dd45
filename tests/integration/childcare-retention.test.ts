// 子育て retention against the whole server: a child's record goes when the child turns 18, a parent's whole
// registration a year after they blocked the account (logged as 'purged'); everything else stays. The block
// and the return are real unfollow/follow webhooks; the clock is the app's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCKED_RETENTION_DAYS, type PurgeResult } from '../../src/features/childcare/retention.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

let h: Harness;
const clock = new Date('2027-04-01T09:00:00+09:00');
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  h = await startHarness({}, { now: () => clock });
});
afterAll(async () => {
  await h?.close();
});

/** A parent who follows the account (a real follow event) and agreed to the consent. */
async function parent(name: string): Promise<string> {
  const userId = h.newUser(name);
  await h.send(events.follow({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
  await waitFor(
    async () => (await h.query('SELECT 1 FROM line_users WHERE user_id = $1', [userId])).length === 1,
    'the follow',
  );
  await h.query(
    `INSERT INTO childcare_parents (user_id, consent_version, consented_at) VALUES ($1, '2026-11-01', now())`,
    [userId],
  );
  return userId;
}

async function child(userId: string, nickname: string, birthDate: string): Promise<void> {
  await h.query('INSERT INTO childcare_children (user_id, nickname, birth_date) VALUES ($1, $2, $3)', [
    userId,
    nickname,
    birthDate,
  ]);
}

async function block(userId: string, daysAgo: number): Promise<void> {
  await h.send(events.unfollow({ userId }));
  await waitFor(
    async () =>
      (await h.query('SELECT 1 FROM line_users WHERE user_id = $1 AND NOT followed', [userId])).length === 1,
    'the unfollow',
  );
  // The unfollow is stamped with the database's clock; move it back to stand for a block long ago.
  await h.query(`UPDATE line_users SET unfollowed_at = $2 WHERE user_id = $1`, [
    userId,
    new Date(clock.getTime() - daysAgo * DAY),
  ]);
}

const childrenOf = (userId: string) =>
  h.query<{ nickname: string }>('SELECT nickname FROM childcare_children WHERE user_id = $1 ORDER BY id', [
    userId,
  ]);
const parentRow = (userId: string) => h.query('SELECT 1 FROM childcare_parents WHERE user_id = $1', [userId]);
const logOf = (userId: string) =>
  h.query<{ action: string }>('SELECT action FROM childcare_consent_log WHERE user_id = $1 ORDER BY id', [
    userId,
  ]);

describe('childcare retention', () => {
  it('deletes a child on the 18th birthday and keeps the younger sibling', async () => {
    const userId = await parent('Sato');
    await child(userId, 'あに', '2009-04-01'); // 18 on 2027-04-01 (today)
    await child(userId, 'いもうと', '2009-04-02'); // 18 tomorrow
    const purged = await h.app.jobs.get<PurgeResult>('childcare.retention').runOnce(clock);
    expect(purged.children).toBeGreaterThanOrEqual(1);
    expect((await childrenOf(userId)).map((c) => c.nickname)).toEqual(['いもうと']);
    await h.app.jobs.get<PurgeResult>('childcare.retention').runOnce(new Date(clock.getTime() + DAY));
    expect(await childrenOf(userId)).toEqual([]);
    // The parent's consent stays: they may register another child.
    expect(await parentRow(userId)).toHaveLength(1);
  });

  it('deletes a registration a year after the parent blocked the account, logging it', async () => {
    const longGone = await parent('Long gone');
    await child(longGone, 'はな', '2025-01-01');
    await block(longGone, BLOCKED_RETENTION_DAYS + 1);
    const recent = await parent('Recent');
    await child(recent, 'そら', '2025-01-01');
    await block(recent, BLOCKED_RETENTION_DAYS - 1);
    const following = await parent('Following');
    await child(following, 'れん', '2025-01-01');

    const purged = await h.app.jobs.get<PurgeResult>('childcare.retention').runOnce(clock);
    expect(purged.parents).toBe(1);
    expect(await parentRow(longGone)).toEqual([]);
    expect(await childrenOf(longGone)).toEqual([]);
    expect((await logOf(longGone)).map((r) => r.action)).toEqual(['purged']);
    expect(await childrenOf(recent)).toHaveLength(1);
    expect(await childrenOf(following)).toHaveLength(1);

    // The recent one comes back before the year is over: a later round keeps their registration.
    await h.send(events.follow({ userId: recent, replyToken: h.emulator.issueReplyToken(recent) }));
    await waitFor(
      async () =>
        (await h.query('SELECT 1 FROM line_users WHERE user_id = $1 AND followed', [recent])).length === 1,
      'the return',
    );
    expect(
      (await h.app.jobs.get<PurgeResult>('childcare.retention').runOnce(new Date(clock.getTime() + 30 * DAY)))
        .parents,
    ).toBe(0);
    expect(await childrenOf(recent)).toHaveLength(1);
    // A second round at the same time finds nothing more to do.
    expect(await h.app.jobs.get<PurgeResult>('childcare.retention').runOnce(clock)).toEqual({
      children: 0,
      parents: 0,
    });
  });
});
