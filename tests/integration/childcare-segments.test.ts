// 子育て segment sends through the staff API: the count before sending (age edges on the city date, month-end
// clamping, district, a parent with two children counted once, blocked parents apart), validation, roles
// (401/403), the audit log, scheduling in the future, cancelling, and what the answers never show.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { cityIso } from '../../src/admin/city-time.ts';
import { ageInMonths } from '../../src/features/childcare/dates.ts';
import { createSegmentSender } from '../../src/features/childcare/segments/sender.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';
import {
  acceptedMulticasts,
  addParent,
  clearChildcare,
  multicastCounts,
  T0,
} from '../helpers/childcare-segments.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const clock = { at: T0 };
let h: Harness;
let admin: string;
let operator: string;
let viewer: string;
let otherScope: string;

async function token(name: string, roles: { scope: string; role: 'viewer' | 'operator' | 'manager' }[]) {
  return (await createStaffWithToken(h.app.pg.pool, { name, isAdmin: false, roles, via: 'test' })).token;
}

function call(method: string, path: string, who: string | undefined, body?: unknown): Promise<AdminAnswer> {
  return adminCall(h.url, method, path, who, body);
}

beforeAll(async () => {
  // The sender is driven by runOnce at chosen times; its background loop stays off.
  h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' }, { now: () => clock.at });
  admin = (await createStaffWithToken(h.app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' })).token;
  operator = await token('Operator', [{ scope: 'childcare', role: 'operator' }]);
  viewer = await token('Viewer', [{ scope: 'childcare', role: 'viewer' }]);
  otherScope = await token('Reports operator', [{ scope: 'reports', role: 'operator' }]);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  clock.at = T0;
  await clearChildcare(h);
});

const TODDLERS = { ageFromMonths: 12, ageToMonths: 23 };

describe('preview', () => {
  it('counts parents with a child in range on the city date: edges included, each parent once', async () => {
    // On 2026-03-15 (city date of T0):
    await addParent(h, { births: ['2025-03-15'] }); // 12 months today: in
    await addParent(h, { births: ['2025-03-16'] }); // 11 months: out
    await addParent(h, { births: ['2024-03-16'] }); // 23 months: in
    await addParent(h, { births: ['2024-03-15'] }); // 24 months today: out
    await addParent(h, { births: ['2025-01-01', '2024-06-01'] }); // two in range: one message
    await addParent(h, { births: ['2025-01-01', '2020-01-01'] }); // one in range, one not
    await addParent(h, { births: ['2025-02-01'], followed: false }); // blocked
    await addParent(h, { births: ['2025-02-01'], district: 'kasuga' });
    await addParent(h, { births: ['2025-02-01'], district: 'kasuga', followed: false });
    await addParent(h, { births: ['2025-02-01'], district: 'kasuga-nishi' });
    expect(ageInMonths('2025-03-15', '2026-03-15')).toBe(12);
    expect(ageInMonths('2024-03-15', '2026-03-15')).toBe(24);

    const all = await call('POST', '/admin/childcare/segments/preview', viewer, TODDLERS);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ recipients: 6, blocked: 2, children: 9 });

    const kasuga = await call('POST', '/admin/childcare/segments/preview', viewer, {
      ...TODDLERS,
      district: 'kasuga',
    });
    expect(kasuga.body).toEqual({ recipients: 1, blocked: 1, children: 2 });

    // The day is the city's: 00:30 on the 15th in Kasuga is still the 14th in UTC.
    const justAfterMidnight = await call('POST', '/admin/childcare/segments/preview', viewer, {
      ageFromMonths: 12,
      ageToMonths: 12,
      at: '2026-03-14T15:30:00Z',
    });
    expect(justAfterMidnight.body).toEqual({ recipients: 1, blocked: 0, children: 1 });
    const justBefore = await call('POST', '/admin/childcare/segments/preview', viewer, {
      ageFromMonths: 12,
      ageToMonths: 12,
      at: '2026-03-14T14:30:00Z',
    });
    expect(justBefore.body).toEqual({ recipients: 0, blocked: 0, children: 0 });
  });

  it('clamps to the month end as addMonths does (born on the 31st)', async () => {
    await addParent(h, { births: ['2025-01-31'] });
    const at = (day: string) => `${day}T03:00:00Z`;
    const count = async (day: string) =>
      (
        await call('POST', '/admin/childcare/segments/preview', viewer, {
          ageFromMonths: 13,
          ageToMonths: 13,
          at: at(day),
        })
      ).body.recipients;
    expect(ageInMonths('2025-01-31', '2026-02-27')).toBe(12);
    expect(ageInMonths('2025-01-31', '2026-02-28')).toBe(13);
    expect(await count('2026-02-27')).toBe(0);
    expect(await count('2026-02-28')).toBe(1);
    expect(await count('2026-03-30')).toBe(1);
    expect(await count('2026-03-31')).toBe(0);
  });

  it('refuses a reversed range and an unknown district, naming the field', async () => {
    const reversed = await call('POST', '/admin/childcare/segments/preview', viewer, {
      ageFromMonths: 24,
      ageToMonths: 12,
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toContain('ageToMonths');
    const unknown = await call('POST', '/admin/childcare/segments/preview', viewer, {
      ...TODDLERS,
      district: 'atlantis',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/district.*unknown district "atlantis"/);
  });
});

describe('districts', () => {
  it('lists the districts to target', async () => {
    const res = await call('GET', '/admin/childcare/districts', viewer);
    expect(res.status).toBe(200);
    const districts = res.body.districts as { id: string; name: string }[];
    expect(districts.length).toBeGreaterThan(1);
    expect(districts).toContainEqual({ id: 'kasuga', name: '春日小学校区' });
  });
});

describe('roles and audit', () => {
  const body = { title: '1歳児の健診', texts: { ja: '健診のお知らせです。' }, ...TODDLERS };

  it('needs a token, the childcare scope, and operator to schedule or cancel', async () => {
    expect((await call('GET', '/admin/childcare/segments', undefined)).status).toBe(401);
    expect((await call('GET', '/admin/childcare/segments', otherScope)).status).toBe(403);
    expect((await call('POST', '/admin/childcare/segments/preview', otherScope, TODDLERS)).status).toBe(403);
    expect((await call('POST', '/admin/childcare/segments', viewer, body)).status).toBe(403);
    expect((await call('POST', '/admin/childcare/segments', otherScope, body)).status).toBe(403);
    expect((await call('GET', '/admin/childcare/segments', viewer)).status).toBe(200);

    const created = await call('POST', '/admin/childcare/segments', operator, {
      ...body,
      scheduledAt: new Date(T0.getTime() + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    expect((await call('POST', `/admin/childcare/segments/${id}/cancel`, viewer)).status).toBe(403);
    expect((await call('POST', `/admin/childcare/segments/${id}/cancel`, admin)).status).toBe(200);
  });

  it('audits preview, create and cancel in the staff member’s name, without recipients', async () => {
    const userId = await addParent(h, { births: ['2025-01-01'] });
    await call('POST', '/admin/childcare/segments/preview', viewer, TODDLERS);
    const created = await call('POST', '/admin/childcare/segments', operator, {
      ...body,
      scheduledAt: new Date(T0.getTime() + 3_600_000).toISOString(),
    });
    const id = String(created.body.id);
    await call('POST', `/admin/childcare/segments/${id}/cancel`, operator);
    const rows = await h.query<{ action: string; resource_id: string | null; name: string; details: object }>(
      `SELECT a.action, a.resource_id, s.name, a.details FROM audit_log a JOIN staff s ON s.id = a.staff_id
        WHERE a.action LIKE 'childcare.segment.%' ORDER BY a.id DESC LIMIT 3`,
    );
    expect(rows.map((r) => [r.action, r.resource_id, r.name]).reverse()).toEqual([
      ['childcare.segment.preview', null, 'Viewer'],
      ['childcare.segment.create', id, 'Operator'],
      ['childcare.segment.cancel', id, 'Operator'],
    ]);
    expect(rows.find((r) => r.action === 'childcare.segment.create')?.details).toMatchObject({
      title: body.title,
      ageFromMonths: 12,
      ageToMonths: 23,
      district: null,
      preview: { recipients: 1, blocked: 0, children: 1 },
    });
    expect(JSON.stringify(rows)).not.toContain(userId);
  });
});

describe('scheduling', () => {
  it('validates texts (LINE’s 5000 UTF-16 units, not blank), the range, the district and the time', async () => {
    const base = { title: 'お知らせ', texts: { ja: 'こんにちは' }, ...TODDLERS };
    const post = (body: unknown) => call('POST', '/admin/childcare/segments', operator, body);
    expect((await post(base)).status).toBe(201);
    // 2,501 emoji: 2,501 code points but 5,002 UTF-16 units.
    const emoji = await post({ ...base, texts: { ja: '😀'.repeat(2501) } });
    expect(emoji.status).toBe(400);
    expect(emoji.body.error).toContain('texts.ja');
    expect((await post({ ...base, texts: { ja: 'あ'.repeat(5000) } })).status).toBe(201);
    expect((await post({ ...base, texts: { ja: '   ' } })).status).toBe(400);
    expect((await post({ ...base, texts: { en: 'Hello' } })).status).toBe(400);
    expect((await post({ ...base, texts: { ja: 'x', fr: 'Bonjour' } })).status).toBe(400);
    expect((await post({ ...base, title: '' })).status).toBe(400);
    expect((await post({ ...base, ageFromMonths: 30, ageToMonths: 29 })).status).toBe(400);
    expect((await post({ ...base, ageToMonths: 241 })).status).toBe(400);
    const district = await post({ ...base, district: 'nowhere' });
    expect(district.status).toBe(400);
    expect(district.body.error).toContain('unknown district "nowhere"');
    const past = await post({ ...base, scheduledAt: new Date(T0.getTime() - 120_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error).toContain('scheduledAt');
    const aMomentAgo = await post({ ...base, scheduledAt: new Date(T0.getTime() - 30_000).toISOString() });
    expect(aMomentAgo.status).toBe(201);
  });

  it('sends nothing before the scheduled time, then sends and reports the results', async () => {
    const parents = [
      await addParent(h, { births: ['2025-01-01'] }),
      await addParent(h, { births: ['2025-01-01'], language: 'en' }),
    ];
    const blocked = await addParent(h, { births: ['2025-01-01'], followed: false });
    const scheduledAt = new Date(T0.getTime() + 2 * 3_600_000);
    const created = await call('POST', '/admin/childcare/segments', operator, {
      title: '離乳食教室',
      texts: { ja: '離乳食教室のご案内', en: 'Baby food class' },
      ...TODDLERS,
      scheduledAt: scheduledAt.toISOString(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      status: 'scheduled',
      scheduledAt: cityIso(scheduledAt),
      deferredForQuietHours: false,
      preview: { recipients: 2, blocked: 1, children: 3 },
    });
    const id = String(created.body.id);

    await h.app.jobs.get('childcare.segments').runOnce(T0);
    await h.app.jobs.get('childcare.segments').runOnce(new Date(scheduledAt.getTime() - 1000));
    expect(h.emulator.deliveries).toHaveLength(0);
    const waiting = await call('GET', `/admin/childcare/segments/${id}`, viewer);
    expect(waiting.body).toMatchObject({ status: 'scheduled', startedAt: null });

    clock.at = new Date(scheduledAt.getTime() + 1000);
    await h.app.jobs.get('childcare.segments').runOnce();
    const counts = multicastCounts(h);
    expect(counts.get(parents[0] as string)).toBe(1);
    expect(counts.get(parents[1] as string)).toBe(1);
    expect(counts.has(blocked)).toBe(false);
    expect(h.emulator.messagesFor(parents[1] as string)).toEqual([{ type: 'text', text: 'Baby food class' }]);

    const detail = await call('GET', `/admin/childcare/segments/${id}`, viewer);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual({
      id,
      title: '離乳食教室',
      texts: { ja: '離乳食教室のご案内', en: 'Baby food class' },
      ageFromMonths: 12,
      ageToMonths: 23,
      district: null,
      scheduledAt: cityIso(scheduledAt),
      urgent: false,
      status: 'done',
      createdAt: cityIso(T0),
      startedAt: cityIso(clock.at),
      finishedAt: cityIso(clock.at),
      cancelledAt: null,
      results: { recipients: 2, pending: 0, sent: 2, failed: 0, blocked: 1, withdrawn: 0 },
      batches: { total: 2, pending: 0, sending: 0, sent: 2, failed: 0 },
    });
    // Staff see counts, never the parents' LINE ids.
    for (const userId of [...parents, blocked]) expect(detail.text).not.toContain(userId);

    const list = await call('GET', '/admin/childcare/segments', viewer);
    const sends = list.body.items as { id: string; status: string; results: { sent: number } }[];
    expect(sends[0]).toMatchObject({ id, status: 'done', results: { sent: 2 } });
    for (const userId of [...parents, blocked]) expect(list.text).not.toContain(userId);
  });

  it('lists newest first and answers 404 for an unknown send', async () => {
    const first = await call('POST', '/admin/childcare/segments', operator, {
      title: 'first',
      texts: { ja: 'a' },
      ...TODDLERS,
    });
    clock.at = new Date(T0.getTime() + 60_000);
    const second = await call('POST', '/admin/childcare/segments', operator, {
      title: 'second',
      texts: { ja: 'b' },
      ...TODDLERS,
    });
    const list = await call('GET', '/admin/childcare/segments', viewer);
    expect((list.body.items as { id: string }[]).map((s) => s.id)).toEqual([second.body.id, first.body.id]);
    expect((await call('GET', '/admin/childcare/segments/999999', viewer)).status).toBe(404);
    expect((await call('GET', '/admin/childcare/segments/abc', viewer)).status).toBe(400);
  });
});

describe('cancelling', () => {
  it('cancels a scheduled send, which then never goes out; a started or unknown one cannot be', async () => {
    const parent = await addParent(h, { births: ['2025-01-01'] });
    const later = new Date(T0.getTime() + 3_600_000);
    const created = await call('POST', '/admin/childcare/segments', operator, {
      title: 'cancel me',
      texts: { ja: '取り消し' },
      ...TODDLERS,
      scheduledAt: later.toISOString(),
    });
    const id = String(created.body.id);
    const cancelled = await call('POST', `/admin/childcare/segments/${id}/cancel`, operator);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', cancelledAt: cityIso(T0) });
    const again = await call('POST', `/admin/childcare/segments/${id}/cancel`, operator);
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('cancelled');

    await h.app.jobs.get('childcare.segments').runOnce(new Date(later.getTime() + 60_000));
    expect(multicastCounts(h).has(parent)).toBe(false);

    const sent = await call('POST', '/admin/childcare/segments', operator, {
      title: 'now',
      texts: { ja: '今すぐ' },
      ...TODDLERS,
    });
    await h.app.jobs.get('childcare.segments').runOnce();
    expect(multicastCounts(h).get(parent)).toBe(1);
    const tooLate = await call('POST', `/admin/childcare/segments/${String(sent.body.id)}/cancel`, operator);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error).toContain('done');
    expect((await call('POST', '/admin/childcare/segments/999999/cancel', operator)).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the childcare routes from the same zod schemas', async () => {
    const res = await fetch(`${h.url}/admin/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { tags?: string[]; requestBody?: unknown }>>;
    };
    for (const path of [
      '/admin/childcare/districts',
      '/admin/childcare/segments',
      '/admin/childcare/segments/preview',
      '/admin/childcare/segments/{id}',
      '/admin/childcare/segments/{id}/cancel',
    ]) {
      expect(Object.values(doc.paths[path] ?? {})[0]?.tags, path).toEqual(['childcare']);
    }
    expect(JSON.stringify(doc.paths['/admin/childcare/segments']?.post?.requestBody)).toContain(
      'ageFromMonths',
    );
  });
});

describe('without a LINE channel', () => {
  it('leaves sends scheduled and sends nothing', async () => {
    await addParent(h, { births: ['2025-01-01'] });
    const created = await call('POST', '/admin/childcare/segments', operator, {
      title: 'no channel',
      texts: { ja: 'x' },
      ...TODDLERS,
    });
    const sender = createSegmentSender(
      { pool: h.app.pg.pool, line: undefined, log: h.app.log },
      { pollMs: 10, perSecond: 10, now: () => clock.at },
    );
    sender.start();
    await sender.runOnce();
    await sender.stop();
    const [row] = await h.query<{ status: string }>(
      'SELECT status FROM childcare_segment_sends WHERE id = $1',
      [created.body.id],
    );
    expect(row?.status).toBe('scheduled');
    expect(h.emulator.deliveries).toHaveLength(0);
  });

  it('waits for 08:00 when asked to send during the quiet hours, unless urgent (audited)', async () => {
    await addParent(h, { births: ['2025-01-01'] });
    // 22:13 in Kasuga.
    const evening = new Date('2026-03-15T13:13:00Z');
    clock.at = evening;
    const base = { title: '夜', texts: { ja: 'お知らせ' }, ...TODDLERS };
    const deferred = await call('POST', '/admin/childcare/segments', operator, base);
    expect(deferred.status).toBe(201);
    expect(deferred.body).toMatchObject({
      deferredForQuietHours: true,
      // 08:00 the next morning, answered in city time.
      scheduledAt: '2026-03-16T08:00:00+09:00',
    });
    const urgent = await call('POST', '/admin/childcare/segments', operator, { ...base, urgent: true });
    expect(urgent.body).toMatchObject({
      deferredForQuietHours: false,
      scheduledAt: '2026-03-15T22:13:00+09:00',
    });

    h.emulator.reset();
    await h.app.jobs.get('childcare.segments').runOnce(evening);
    // Only the urgent one went out at night.
    expect(acceptedMulticasts(h)).toHaveLength(1);
    const waiting = await call('GET', `/admin/childcare/segments/${deferred.body.id}`, viewer);
    expect(waiting.body).toMatchObject({ status: 'scheduled', urgent: false });
    await h.app.jobs.get('childcare.segments').runOnce(new Date('2026-03-15T22:59:00Z'));
    expect(acceptedMulticasts(h)).toHaveLength(1);
    await h.app.jobs.get('childcare.segments').runOnce(new Date('2026-03-15T23:00:00Z'));
    expect(acceptedMulticasts(h)).toHaveLength(2);

    const audited = await h.query<{ details: { urgent: boolean; deferredForQuietHours: boolean } }>(
      `SELECT details FROM audit_log WHERE action = 'childcare.segment.create' ORDER BY id DESC LIMIT 2`,
    );
    expect(audited.map((row) => [row.details.urgent, row.details.deferredForQuietHours])).toEqual([
      [true, false],
      [false, true],
    ]);
    clock.at = T0;
  });
});
