// 子育て segment delivery against the local LINE API: 1,200+ parents in multicasts of ≤ 500 with retry keys,
// texts per language (ja fallback), blocked parents never sent to; LINE answering 429 and 500 for a while,
// or delivering and then answering 500, still delivers each recipient exactly once; a permanent 400 is
// counted as failed; a restart with a batch leased by a dead instance and another waiting to be retried
// completes, exactly once; and with the workers running, scheduling wakes the sender.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { createSegmentSender } from '../../src/features/childcare/segments/sender.ts';
import { startSend } from '../../src/features/childcare/segments/start.ts';
import { createLineClient } from '../../src/line/client/index.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';
import {
  acceptedMulticasts,
  addParent,
  addParents,
  clearChildcare,
  multicastCounts,
  T0,
} from '../helpers/childcare-segments.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { TEST_ACCESS_TOKEN } from '../helpers/webhook-events.ts';

const MULTICAST = '/v2/bot/message/multicast';
const TODDLERS = { ageFromMonths: 12, ageToMonths: 23 };
const TEXTS = { ja: '1歳6か月児健診のお知らせ', en: 'Your 18-month check-up' };

const clock = { at: T0 };
let h: Harness;
let operator: string;

function call(method: string, path: string, body?: unknown): Promise<AdminAnswer> {
  return adminCall(h.url, method, path, operator, body);
}

async function schedule(body: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', '/admin/childcare/segments', {
    title: '健診',
    texts: TEXTS,
    ...TODDLERS,
    ...body,
  });
  expect(res.status).toBe(201);
  return String(res.body.id);
}

async function detail(id: string) {
  const res = await call('GET', `/admin/childcare/segments/${id}`);
  expect(res.status).toBe(200);
  return res.body as {
    status: string;
    results: {
      recipients: number;
      pending: number;
      sent: number;
      failed: number;
      blocked: number;
      withdrawn: number;
    };
    batches: { total: number; pending: number; sending: number; sent: number; failed: number };
  };
}

/** Rounds of the sender, the clock moving 15 minutes between them (batch backoffs), until the send is done. */
async function sendUntilDone(id: string, maxRounds = 12): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    await h.app.jobs.get('childcare.segments').runOnce();
    if ((await detail(id)).status === 'done') return round;
    clock.at = new Date(clock.at.getTime() + 15 * 60_000);
  }
  throw new Error(`send ${id} not done after ${maxRounds} rounds`);
}

/** Every id got exactly one multicast. */
function expectExactlyOnce(ids: readonly string[]): void {
  const counts = multicastCounts(h);
  const wrong = ids.filter((id) => counts.get(id) !== 1);
  expect(wrong).toEqual([]);
}

/** The whole server on the simulated clock, and a childcare operator's token. */
async function start(env: Record<string, string>): Promise<void> {
  h = await startHarness(env, { now: () => clock.at });
  const staff = await createStaffWithToken(h.app.pg.pool, {
    name: 'Operator',
    isAdmin: false,
    roles: [{ scope: 'childcare', role: 'operator' }],
    via: 'test',
  });
  operator = staff.token;
}

describe('segment delivery', () => {
  beforeAll(async () => {
    await start({ EVENT_WORKERS_ENABLED: 'false' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    clock.at = T0;
    await clearChildcare(h);
  });

  it('sends 1,200+ parents in multicasts of ≤ 500, each once, in their language, never to the blocked', async () => {
    const ja = await addParents(h, 1100, { birth: '2025-01-10' });
    const en = await addParents(h, 160, { birth: '2024-09-01', language: 'en' });
    const easy = await addParents(h, 70, { birth: '2025-02-01', language: 'ja-easy' });
    const blocked = await addParents(h, 40, { birth: '2025-01-10', followed: false });
    const twoChildren = await addParent(h, { births: ['2025-01-01', '2024-05-05'], language: 'en' });
    const outOfRange = await addParents(h, 30, { birth: '2023-01-01' });
    const id = await schedule();

    expect(await sendUntilDone(id)).toBe(1);
    const multicasts = acceptedMulticasts(h);
    // ja (with ja-easy falling back to it): 1,170 → 3 batches; en: 161 → 1.
    expect(multicasts).toHaveLength(4);
    for (const m of multicasts) expect(m.to.length).toBeLessThanOrEqual(500);
    expect(new Set(multicasts.map((m) => m.retryKey)).size).toBe(4);
    expectExactlyOnce([...ja, ...en, ...easy, twoChildren]);
    const counts = multicastCounts(h);
    for (const userId of [...blocked, ...outOfRange]) expect(counts.has(userId)).toBe(false);
    expect(h.emulator.messagesFor(en[0] as string)).toEqual([{ type: 'text', text: TEXTS.en }]);
    expect(h.emulator.messagesFor(twoChildren)).toEqual([{ type: 'text', text: TEXTS.en }]);
    expect(h.emulator.messagesFor(easy[0] as string)).toEqual([{ type: 'text', text: TEXTS.ja }]);
    expect(h.emulator.messagesFor(ja[0] as string)).toEqual([{ type: 'text', text: TEXTS.ja }]);
    expect(h.emulator.rejected).toEqual([]);

    const done = await detail(id);
    expect(done.results).toEqual({
      recipients: 1331,
      pending: 0,
      sent: 1331,
      failed: 0,
      blocked: 40,
      withdrawn: 0,
    });
    expect(done.batches).toEqual({ total: 4, pending: 0, sending: 0, sent: 4, failed: 0 });
    const languages = await h.query<{ language: string; recipients: number }>(
      `SELECT language, sum(recipients)::int AS recipients FROM childcare_segment_batches
        WHERE send_id = $1 GROUP BY language ORDER BY language`,
      [id],
    );
    expect(languages).toEqual([
      { language: 'en', recipients: 161 },
      { language: 'ja', recipients: 1170 },
    ]);
  });

  it('delivers each recipient exactly once while LINE answers 429 and 500 for a while', async () => {
    const parents = await addParents(h, 1250, { birth: '2025-01-10' });
    const id = await schedule();
    h.emulator.failNext({ path: MULTICAST, status: 429, times: 3, headers: { 'retry-after': '1' } });
    h.emulator.failNext({ path: MULTICAST, status: 500, times: 12 });
    // LINE delivered this one but answered 500: the retry with the same key gets 409 and is not sent again.
    h.emulator.failNext({ path: MULTICAST, status: 500, times: 1, deliverThenFail: true });

    await sendUntilDone(id);
    expectExactlyOnce(parents);
    const answers = h.emulator.requests.filter((r) => r.path === MULTICAST).map((r) => r.status);
    expect(answers.filter((s) => s === 429)).toHaveLength(3);
    expect(answers.filter((s) => s === 500)).toHaveLength(13);
    expect(answers).toContain(409);
    const done = await detail(id);
    expect(done.results).toEqual({
      recipients: 1250,
      pending: 0,
      sent: 1250,
      failed: 0,
      blocked: 0,
      withdrawn: 0,
    });
    expect(done.batches).toMatchObject({ total: 3, sent: 3, failed: 0 });
  });

  it('does not send to a parent who withdrew consent or blocked the account after the send started', async () => {
    const parents = await addParents(h, 30, { birth: '2025-01-10' });
    const [withdrew, blocked, ...others] = parents;
    const id = await schedule();
    // The send starts (recipients fixed, batches cut) before either change.
    expect(await startSend(h.app.pg.pool, id, clock.at)).toBe(1);
    await h.query('DELETE FROM childcare_parents WHERE user_id = $1', [withdrew]);
    await h.query('UPDATE line_users SET followed = false WHERE user_id = $1', [blocked]);
    await sendUntilDone(id);
    const counts = multicastCounts(h);
    expect(counts.get(String(withdrew))).toBeUndefined();
    expect(counts.get(String(blocked))).toBeUndefined();
    expectExactlyOnce(others);
    const done = await detail(id);
    expect(done.results).toEqual({
      recipients: 28,
      pending: 0,
      sent: 28,
      failed: 0,
      blocked: 1,
      withdrawn: 1,
    });
  });

  it('sends each recipient once when two instances run rounds at the same time', async () => {
    const parents = await addParents(h, 2100, { birth: '2025-01-10' });
    const id = await schedule();
    h.emulator.failNext({ path: MULTICAST, status: 500, times: 2, deliverThenFail: true });
    const other = createSegmentSender(
      { pool: h.app.pg.pool, line: h.app.services.line, log: h.app.log },
      { pollMs: 60_000, perSecond: 50, now: () => clock.at },
    );
    await Promise.all([
      h.app.jobs.get('childcare.segments').runOnce(),
      other.runOnce(),
      h.app.jobs.get('childcare.segments').runOnce(),
    ]);
    await sendUntilDone(id);
    expectExactlyOnce(parents);
    // Each of the 5 batches reached LINE once: accepted at once, or delivered with a 500 answer and settled
    // by a 409. (Which requests the two injected failures hit depends on timing: both may hit one batch, whose
    // retry then gets its 409 and uses up the second rule.)
    const statuses = h.emulator.requests.filter((r) => r.path === MULTICAST).map((r) => r.status);
    const conflicts = statuses.filter((s) => s === 409).length;
    expect(conflicts).toBeGreaterThanOrEqual(1);
    expect(acceptedMulticasts(h).length + conflicts).toBe(5);
    const done = await detail(id);
    expect(done.results).toMatchObject({ recipients: 2100, sent: 2100 });
    expect(done.batches).toMatchObject({ total: 5, sent: 5 });
  });

  it('counts a batch LINE refuses for good (400) as failed, and sends the others', async () => {
    const parents = await addParents(h, 1200, { birth: '2025-01-10' });
    const id = await schedule();
    h.emulator.failNext({ path: MULTICAST, status: 400, times: 1 });
    await sendUntilDone(id);

    const counts = multicastCounts(h);
    const received = parents.filter((p) => counts.get(p) === 1);
    const [failed] = await h.query<{
      batch_no: number;
      recipients: number;
      attempts: number;
      last_error: string;
    }>(
      `SELECT batch_no, recipients, attempts, last_error FROM childcare_segment_batches
        WHERE send_id = $1 AND status = 'failed'`,
      [id],
    );
    expect(failed?.attempts).toBe(1);
    expect(failed?.last_error).toContain('400');
    expect(received).toHaveLength(1200 - (failed?.recipients ?? 0));
    expect(parents.every((p) => (counts.get(p) ?? 0) <= 1)).toBe(true);
    const done = await detail(id);
    expect(done.results).toEqual({
      recipients: 1200,
      pending: 0,
      sent: received.length,
      failed: failed?.recipients,
      blocked: 0,
      withdrawn: 0,
    });
    expect(done.batches).toMatchObject({ total: 3, sent: 2, failed: 1 });
  });

  it('gives a batch up after its attempts when LINE keeps failing', async () => {
    const parents = await addParents(h, 20, { birth: '2025-01-10' });
    const id = await schedule();
    // 6 claims × 5 client attempts each (Retry-After: 0 keeps the client's own waits short).
    h.emulator.failNext({ path: MULTICAST, status: 503, times: 30, headers: { 'retry-after': '0' } });
    await sendUntilDone(id);
    expect(multicastCounts(h).size).toBe(0);
    const [batch] = await h.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM childcare_segment_batches WHERE send_id = $1',
      [id],
    );
    expect(batch).toEqual({ status: 'failed', attempts: 6 });
    expect((await detail(id)).results).toMatchObject({ recipients: parents.length, failed: 20, sent: 0 });
  }, 60_000);

  it('completes after a restart: a batch leased by a dead instance waits for its lease, then goes once', async () => {
    const parents = await addParents(h, 1100, { birth: '2025-01-10' });
    const id = await schedule();
    // The send started on an instance that then died (kill -9): batch 1 was claimed and LINE got it, batch 2
    // had failed once and waits for its retry, batch 3 was never claimed.
    expect(await startSend(h.app.pg.pool, id, T0)).toBe(3);
    const leaseUntil = new Date(T0.getTime() + 5 * 60_000);
    const [leased] = await h.query<{ retry_key: string }>(
      `UPDATE childcare_segment_batches SET status = 'sending', attempts = 1, lease_until = $2
        WHERE send_id = $1 AND batch_no = 1 RETURNING retry_key::text`,
      [id, leaseUntil],
    );
    await h.query(
      `UPDATE childcare_segment_batches SET attempts = 1, available_at = $2, last_error = 'LINE multicast failed (500)'
        WHERE send_id = $1 AND batch_no = 2`,
      [id, new Date(T0.getTime() + 30_000)],
    );
    const batch1 = (
      await h.query<{ user_id: string }>(
        'SELECT user_id FROM childcare_segment_recipients WHERE send_id = $1 AND batch_no = 1',
        [id],
      )
    ).map((r) => r.user_id);
    const deadInstance = createLineClient({
      channelAccessToken: TEST_ACCESS_TOKEN,
      apiBaseUrl: h.emulator.baseUrl,
      dataApiBaseUrl: h.emulator.baseUrl,
      logger: h.app.log,
    });
    await deadInstance.multicast(batch1, [{ type: 'text', text: TEXTS.ja }], String(leased?.retry_key));

    await h.restart();
    clock.at = new Date(T0.getTime() + 60_000);
    await h.app.jobs.get('childcare.segments').runOnce();
    const midway = await detail(id);
    expect(midway.status).toBe('sending');
    expect(midway.batches).toMatchObject({ sending: 1, sent: 2 });
    expect(midway.results.pending).toBe(batch1.length);

    clock.at = new Date(leaseUntil.getTime() + 1000);
    await h.app.jobs.get('childcare.segments').runOnce();
    expectExactlyOnce(parents);
    const retried = h.emulator.requests.filter(
      (r) => r.path === MULTICAST && r.headers['x-line-retry-key'] === leased?.retry_key,
    );
    expect(retried.map((r) => r.status)).toEqual([200, 409]);
    const done = await detail(id);
    expect(done.status).toBe('done');
    expect(done.results).toEqual({
      recipients: 1100,
      pending: 0,
      sent: 1100,
      failed: 0,
      blocked: 0,
      withdrawn: 0,
    });
  });

  it('finishes at once a send whose parents all blocked the account', async () => {
    const blocked = await addParents(h, 3, { birth: '2025-01-10', followed: false });
    const id = await schedule();
    await h.app.jobs.get('childcare.segments').runOnce();
    const done = await detail(id);
    expect(done.status).toBe('done');
    expect(done.results).toEqual({ recipients: 0, pending: 0, sent: 0, failed: 0, blocked: 3, withdrawn: 0 });
    expect(done.batches.total).toBe(0);
    expect(multicastCounts(h).size).toBe(0);
    expect(blocked).toHaveLength(3);
  });
});

describe('with the workers running', () => {
  beforeAll(async () => {
    await start({});
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends a send scheduled for now without waiting for the poll', async () => {
    clock.at = T0;
    const parents = await addParents(h, 600, { birth: '2025-01-10' });
    const id = await schedule();
    await waitFor(async () => (await detail(id)).status === 'done', 'the send to finish');
    expectExactlyOnce(parents);
    expect(acceptedMulticasts(h)).toHaveLength(2);
  });
});
