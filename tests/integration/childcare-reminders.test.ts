// 子育て age milestone reminders against the whole server: a simulated clock moves children across
// milestones and exactly the right pushes go out, once each, in the parent's language — also when rounds
// race, after a restart and (PostgreSQL) from separate connection pools on one database.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/features/childcare/dates.ts';
import { topicData } from '../../src/features/childcare/menu.ts';
import { createMilestoneReminderLoop } from '../../src/features/childcare/reminders/index.ts';
import { loadSchedule } from '../../src/features/childcare/reminders/schedule.ts';
import { t } from '../../src/i18n/index.ts';
import type { Language } from '../../src/i18n/languages.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { onPostgres } from '../helpers/test-database.ts';
import { events } from '../helpers/webhook-events.ts';

let h: Harness;
let clock = new Date('2027-01-01T09:00:00+09:00');
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+09:00`);
const setClock = (date: string, time = '09:00') => {
  clock = at(date, time);
  return clock;
};
const schedule = loadSchedule();

beforeAll(async () => {
  h = await startHarness({}, { now: () => clock });
});
afterAll(async () => {
  await h?.close();
});

async function outboxSettled(): Promise<void> {
  await waitFor(
    async () =>
      (await h.query(`SELECT 1 FROM outbound_messages WHERE status IN ('pending', 'sending')`)).length === 0,
    'the outbox to be empty',
  );
}

// Each test starts from no parents (children and claimed reminders go with them by cascade).
afterEach(async () => {
  await outboxSettled();
  await h.query('DELETE FROM childcare_parents');
});

/** A parent who follows the account and agreed to the consent. */
async function parent(language: Language = 'ja'): Promise<string> {
  const userId = h.newUser(`親 ${language}`);
  await h.query('INSERT INTO line_users (user_id, language) VALUES ($1, $2)', [userId, language]);
  await h.query(
    `INSERT INTO childcare_parents (user_id, consent_version, consented_at) VALUES ($1, '2027-01', now())`,
    [userId],
  );
  return userId;
}

async function child(userId: string, nickname: string, birthDate: string): Promise<string> {
  const [row] = await h.query<{ id: string }>(
    'INSERT INTO childcare_children (user_id, nickname, birth_date) VALUES ($1, $2, $3) RETURNING id',
    [userId, nickname, birthDate],
  );
  return String(row?.id);
}

interface Pushed {
  text: string;
  quickReply?: { items: { action: { data: string } }[] };
}

/** The pushes (not replies) a user was sent, each as its messages. */
function pushesTo(userId: string): Pushed[][] {
  return h.emulator.deliveries
    .filter((d) => d.kind === 'push' && d.userId === userId)
    .map((d) => d.messages as Pushed[]);
}

/** The milestone lines of a push's text. */
const linesOf = (push: Pushed[] | undefined) =>
  (push ?? []).flatMap((m) => m.text.split('\n')).filter((line) => /^[・•]/.test(line));

const lineFor = (lang: Language, name: string, milestone: string) =>
  t(lang, 'childcareReminders:line', {
    name,
    age: t(lang, `childcareReminders:milestones.${milestone}.age`),
    text: t(lang, `childcareReminders:milestones.${milestone}.text`),
  });

async function claimedFor(userId: string): Promise<{ milestone: string; due_on: string }[]> {
  return h.query(
    `SELECT milestone, due_on::text AS due_on FROM childcare_milestone_reminders WHERE user_id = $1
      ORDER BY due_on, milestone`,
    [userId],
  );
}

it('month addition in PostgreSQL matches addMonths (month ends, leap days)', async () => {
  const cases: [string, number][] = [];
  for (const birth of ['2027-01-31', '2027-08-31', '2028-02-29', '2027-03-30', '2027-05-15'])
    for (const milestone of schedule) cases.push([birth, milestone.ageMonths]);
  const rows = await h.query<{ due: string }>(
    `SELECT (d + make_interval(months => n))::date::text AS due
       FROM unnest($1::date[], $2::int[]) WITH ORDINALITY AS x(d, n, i) ORDER BY i`,
    [cases.map(([d]) => d), cases.map(([, n]) => n)],
  );
  expect(rows.map((r) => r.due)).toEqual(cases.map(([d, n]) => addMonths(d, n)));
});

it('moving the clock day by day sends each milestone once, on its day, from 09:00', async () => {
  const hana = await parent('ja');
  await child(hana, 'はなちゃん', '2027-01-15');
  setClock('2027-03-01');
  // Every day from March 2027 to August 2028: nothing before 09:00, the due milestones at 09:00, nothing at
  // a second round the same evening, nothing at night.
  const pushedOn: string[] = [];
  for (let day = '2027-03-01'; day <= '2028-08-01'; day = addDays(day, 1)) {
    expect(
      await h.app.jobs.get<number>('childcare.reminders').runOnce(setClock(day, '08:59')),
      `${day} 08:59`,
    ).toBe(0);
    const queued = await h.app.jobs.get<number>('childcare.reminders').runOnce(setClock(day, '09:00'));
    if (queued > 0) pushedOn.push(day);
    expect(queued, day).toBeLessThanOrEqual(1);
    expect(
      await h.app.jobs.get<number>('childcare.reminders').runOnce(setClock(day, '19:59')),
      `${day} 19:59`,
    ).toBe(0);
  }
  expect(pushedOn).toEqual([
    '2027-03-15', // 2か月: vaccinations start
    '2027-05-15', // 4か月児健診
    '2027-06-15', // BCG
    '2027-08-15', // 7か月児健診
    '2028-01-15', // 1歳
    '2028-07-15', // 1歳6か月児健診
  ]);
  await outboxSettled();
  const pushes = pushesTo(hana);
  expect(pushes.map(linesOf)).toEqual(
    ['vaccines-2m', 'checkup-4m', 'bcg-5m', 'checkup-7m', 'vaccines-1y', 'checkup-1y6m'].map((m) => [
      lineFor('ja', 'はなちゃん', m),
    ]),
  );
  expect(pushes[1]?.[0]?.text).toContain('はなちゃん（4か月）：4か月児健診の時期です');
  expect(pushes[1]?.[0]?.quickReply?.items.map((i) => i.action.data)).toEqual([topicData('checkups')]);
  expect(pushes[0]?.[0]?.quickReply?.items.map((i) => i.action.data)).toEqual([topicData('vaccination')]);
  expect((await claimedFor(hana)).map((r) => `${r.due_on} ${r.milestone}`)).toEqual(
    pushedOn.map(
      (day, i) =>
        `${day} ${['vaccines-2m', 'checkup-4m', 'bcg-5m', 'checkup-7m', 'vaccines-1y', 'checkup-1y6m'][i]}`,
    ),
  );
  expect(h.emulator.rejected).toEqual([]);
});

it('sends two children (and two milestones of one child) due the same day in one push', async () => {
  const mother = await parent('ja');
  await child(mother, 'はなちゃん', '2027-01-15'); // 4か月 on 2027-05-15
  await child(mother, 'たろう', '2025-11-15'); // 1歳6か月 on 2027-05-15
  await child(mother, 'じろう', '2024-05-15'); // 3歳: 健診 and 日本脳炎 on 2027-05-15
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-14', '12:00'))).toBe(0);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-15', '08:30'))).toBe(0);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-15', '09:05'))).toBe(1);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-15', '09:10'))).toBe(0);
  await outboxSettled();
  const pushes = pushesTo(mother);
  expect(pushes).toHaveLength(1);
  expect(linesOf(pushes[0])).toEqual([
    lineFor('ja', 'じろう', 'checkup-3y'),
    lineFor('ja', 'じろう', 'encephalitis-3y'),
    lineFor('ja', 'たろう', 'checkup-1y6m'),
    lineFor('ja', 'はなちゃん', 'checkup-4m'),
  ]);
  expect(pushes[0]?.at(-1)?.quickReply?.items.map((i) => i.action.data)).toEqual([
    topicData('checkups'),
    topicData('vaccination'),
  ]);
  expect(await claimedFor(mother)).toHaveLength(4);
});

it('uses the language of each parent', async () => {
  const parents = { ja: await parent('ja'), en: await parent('en'), 'ja-easy': await parent('ja-easy') };
  for (const userId of Object.values(parents)) await child(userId, 'Mia', '2027-03-04');
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-07-04', '10:00'))).toBe(3);
  await outboxSettled();
  for (const [lang, userId] of Object.entries(parents) as [Language, string][]) {
    const [push, ...more] = pushesTo(userId);
    expect(more, lang).toEqual([]);
    expect(push?.[0]?.text.startsWith(t(lang, 'childcareReminders:header')), lang).toBe(true);
    expect(linesOf(push), lang).toEqual([lineFor(lang, 'Mia', 'checkup-4m')]);
  }
  expect(pushesTo(parents.en)[0]?.[0]?.text).toContain('Mia (4 months): Time for the 4-month health checkup');
  expect(pushesTo(parents['ja-easy'])[0]?.[0]?.text).toContain(
    'Mia（4か月（げつ））：4か月（げつ）の健診（けんしん）のときです',
  );
});

it('skips a parent who blocked the account, and reminds them if they come back within the grace period', async () => {
  const away = await parent('ja');
  const gone = await parent('ja');
  await child(away, 'ゆい', '2027-01-15'); // 4か月 on 2027-05-15, grace until 2027-05-29
  await child(gone, 'そら', '2027-01-15');
  for (const userId of [away, gone]) await h.send(events.unfollow({ userId }));
  await waitFor(
    async () =>
      (await h.query('SELECT 1 FROM line_users WHERE user_id IN ($1, $2) AND NOT followed', [away, gone]))
        .length === 2,
    'both to have blocked',
  );
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-15'))).toBe(0);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-20'))).toBe(0);
  // Nothing was claimed for them: it stays due.
  expect(await claimedFor(away)).toEqual([]);

  // One comes back on the 25th (within the grace period), the other on the 30th (after it).
  await h.send(events.follow({ userId: away, replyToken: h.emulator.issueReplyToken(away) }));
  await waitFor(
    async () =>
      (await h.query('SELECT 1 FROM line_users WHERE user_id = $1 AND followed', [away])).length === 1,
    'the parent to be back',
  );
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-25'))).toBe(1);
  await h.send(events.follow({ userId: gone, replyToken: h.emulator.issueReplyToken(gone) }));
  await waitFor(
    async () =>
      (await h.query('SELECT 1 FROM line_users WHERE user_id = $1 AND followed', [gone])).length === 1,
    'the other parent to be back',
  );
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-30'))).toBe(0);
  await outboxSettled();
  expect(pushesTo(away).map(linesOf)).toEqual([[lineFor('ja', 'ゆい', 'checkup-4m')]]);
  expect(pushesTo(gone)).toEqual([]);
  expect(await claimedFor(away)).toEqual([{ milestone: 'checkup-4m', due_on: '2027-05-15' }]);
});

it('sends no stale reminder for a child registered after the grace period; a late one within it goes out', async () => {
  const late = await parent('ja');
  const dayLate = await parent('ja');
  const lastDay = await parent('ja');
  const inTime = await parent('ja');
  setClock('2027-06-10');
  await child(late, 'れん', '2027-01-15'); // 4か月 was due 2027-05-15, grace over on 2027-05-29
  await child(dayLate, 'あお', '2027-01-26'); // due 2027-05-26, grace over yesterday (2027-06-09)
  await child(lastDay, 'ひな', '2027-01-27'); // due 2027-05-27, today is the last day of its grace
  await child(inTime, 'めい', '2027-02-01'); // 4か月 due 2027-06-01, grace until 2027-06-15
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-06-10', '11:00'))).toBe(2);
  // The next milestone (BCG at 5か月, 2027-06-15) still comes.
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-06-15', '09:00'))).toBe(1);
  await outboxSettled();
  expect(pushesTo(late).map(linesOf)).toEqual([[lineFor('ja', 'れん', 'bcg-5m')]]);
  expect(pushesTo(dayLate)).toEqual([]);
  expect(pushesTo(lastDay).map(linesOf)).toEqual([[lineFor('ja', 'ひな', 'checkup-4m')]]);
  expect(pushesTo(inTime).map(linesOf)).toEqual([[lineFor('ja', 'めい', 'checkup-4m')]]);
});

it('keeps a child registered late in the evening for the next morning', async () => {
  const evening = await parent('ja');
  setClock('2027-07-01');
  await child(evening, 'そら', '2027-03-01'); // 4か月 due 2027-07-01
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-07-01', '20:00'))).toBe(0);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-07-01', '23:30'))).toBe(0);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-07-02', '06:00'))).toBe(0);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-07-02', '09:00'))).toBe(1);
  await outboxSettled();
  expect(pushesTo(evening).map(linesOf)).toEqual([[lineFor('ja', 'そら', 'checkup-4m')]]);
});

it('sends nothing for a deleted child or a parent who withdrew consent', async () => {
  const keeps = await parent('ja');
  const withdrew = await parent('ja');
  const deleted = await child(keeps, 'さくら', '2027-01-15');
  await child(keeps, 'かいと', '2026-11-15'); // 1歳6か月 on 2028-05-15: not due now
  await child(withdrew, 'りく', '2027-01-15');
  await h.query('DELETE FROM childcare_children WHERE id = $1', [deleted]);
  await h.query('DELETE FROM childcare_parents WHERE user_id = $1', [withdrew]);
  expect(await h.query('SELECT 1 FROM childcare_children WHERE user_id = $1', [withdrew])).toEqual([]);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-15'))).toBe(0);
  await outboxSettled();
  expect(pushesTo(keeps)).toEqual([]);
  expect(pushesTo(withdrew)).toEqual([]);
});

it('queues once when rounds run twice, race each other, and after a restart', async () => {
  const parents = await Promise.all(Array.from({ length: 7 }, () => parent('ja')));
  for (const [i, userId] of parents.entries()) {
    await child(userId, `こ${i}`, '2027-01-15');
    if (i % 2 === 0) await child(userId, `ふたご${i}`, '2027-01-15');
  }
  const when = at('2027-05-15', '09:30');
  // Two rounds of the app's own loop and two more loops (batches of two parents) on the same pool, at once.
  const small = () =>
    createMilestoneReminderLoop({ pool: h.app.pg.pool, log: h.app.log }, { pollMs: 60_000, batchSize: 2 });
  const counts = await Promise.all([
    h.app.jobs.get<number>('childcare.reminders').runOnce(when),
    h.app.jobs.get<number>('childcare.reminders').runOnce(when),
    small().runOnce(when),
    small().runOnce(when),
  ]);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(parents.length);
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(when)).toBe(0);
  // A redeploy: the new server's loop runs at start and finds nothing left to send.
  await h.restart();
  expect(await h.app.jobs.get<number>('childcare.reminders').runOnce(at('2027-05-16', '09:30'))).toBe(0);
  await outboxSettled();
  for (const [i, userId] of parents.entries()) {
    const pushes = pushesTo(userId);
    expect(pushes, userId).toHaveLength(1);
    expect(linesOf(pushes[0])).toHaveLength(i % 2 === 0 ? 2 : 1);
  }
  const rows = await h.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbound_messages WHERE to_id = ANY($1) AND reply_token IS NULL`,
    [parents],
  );
  expect(rows[0]?.n).toBe(parents.length);
});

describe.skipIf(!onPostgres)('on PostgreSQL, loops on separate pools of one database', () => {
  it('still queue each parent once', async () => {
    const parents = await Promise.all(Array.from({ length: 40 }, () => parent('en')));
    for (const [i, userId] of parents.entries()) {
      await child(userId, `Kid ${i}`, '2027-01-15');
      await child(userId, `Twin ${i}`, '2027-01-15');
    }
    const pools = Array.from(
      { length: 3 },
      () => new pg.Pool({ connectionString: h.db.databaseUrl, max: 3 }),
    );
    try {
      const loops = pools.flatMap((pool) =>
        [1, 3].map((batchSize) =>
          createMilestoneReminderLoop({ pool, log: h.app.log }, { pollMs: 60_000, batchSize }),
        ),
      );
      const when = at('2027-05-15', '09:00');
      const counts = await Promise.all([
        ...loops.map((loop) => loop.runOnce(when)),
        h.app.jobs.get<number>('childcare.reminders').runOnce(when),
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(parents.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    h.app.workers.outbox.wake();
    await outboxSettled();
    for (const userId of parents) {
      const pushes = pushesTo(userId);
      expect(pushes, userId).toHaveLength(1);
      expect(linesOf(pushes[0])).toHaveLength(2);
    }
    const [claimed] = await h.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM childcare_milestone_reminders WHERE user_id = ANY($1)',
      [parents],
    );
    expect(claimed?.n).toBe(parents.length * 2);
  });
});
