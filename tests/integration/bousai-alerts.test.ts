// 避難情報 pushes, the JMA ingest and the staff API of 防災 alerts, against the LINE API emulator: the count before
// sending, every follower (or a district's) reached exactly once in their language with blocked users left out,
// through 429s, 500s and a 500 after delivery; one push per requestKey; roles and audit; the JMA feed read from
// stored documents: a rule that enters disaster mode, one that asks the on-duty staff, each entry once; the
// resident's 避難情報 and 災害時の連絡先 entries and district choice.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { createJmaIngest } from '../../src/features/bousai/alerts/jma/ingest.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';
import { addFollowers, deployEverydayMenus } from '../helpers/bousai.ts';
import { chatWith } from '../helpers/chat.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const T0 = new Date('2026-07-10T01:00:00Z');
const clock = { at: T0 };
const MULTICAST = '/v2/bot/message/multicast';
const ON_DUTY = `U${'a'.repeat(32)}`;
let h: Harness;
let operator: string;
let viewer: string;

function call(method: string, path: string, body?: unknown, token = operator): Promise<AdminAnswer> {
  return adminCall(h.url, method, path, token, body);
}

function multicastCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of h.emulator.deliveries) {
    if (d.kind === 'multicast') counts.set(d.userId, (counts.get(d.userId) ?? 0) + 1);
  }
  return counts;
}

function textOf(userId: string): string {
  const message = h.emulator.deliveries.find((d) => d.userId === userId && d.kind === 'multicast')
    ?.messages[0] as { text: string } | undefined;
  return message?.text ?? '';
}

async function sendUntilDone(id: string, maxRounds = 12): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    await h.app.jobs.get('bousai.alerts').runOnce();
    const res = await call('GET', `/admin/bousai/alerts/${id}`);
    if (res.body.status === 'done') return;
    clock.at = new Date(clock.at.getTime() + 5 * 60_000);
  }
  throw new Error(`alert ${id} not done`);
}

/** Runs the switch job and waits until the open switch is done (a staff request also woke the job itself). */
async function settleSwitch(): Promise<void> {
  await h.app.jobs.get('bousai.mode-switch').runOnce();
  await expect
    .poll(async () => (await call('GET', '/admin/bousai/mode')).body.switch, { timeout: 20_000 })
    .toMatchObject({ status: 'done' });
}

async function setDistrict(userIds: readonly string[], district: string, via: 'bousai' | 'childcare') {
  if (via === 'bousai') {
    await h.query(
      `INSERT INTO bousai_resident_districts (user_id, district) SELECT id, $2 FROM unnest($1::text[]) id`,
      [userIds, district],
    );
  } else {
    await h.query(
      `INSERT INTO childcare_parents (user_id, consent_version, consented_at, district)
       SELECT id, 'v1', now(), $2 FROM unnest($1::text[]) id`,
      [userIds, district],
    );
  }
}

describe('避難情報 pushes', () => {
  beforeAll(async () => {
    h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' }, { now: () => clock.at });
    operator = (
      await createStaffWithToken(h.app.pg.pool, {
        name: '防災担当',
        isAdmin: false,
        roles: [{ scope: 'bousai', role: 'operator' }],
        via: 'test',
      })
    ).token;
    viewer = (
      await createStaffWithToken(h.app.pg.pool, {
        name: '閲覧',
        isAdmin: false,
        roles: [{ scope: 'bousai', role: 'viewer' }],
        via: 'test',
      })
    ).token;
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    // A round a staff action started in the previous test may still be sending: let it finish first (the
    // emulator's reset below forgets the retry keys that would de-duplicate its batches).
    await h.app.jobs.get('bousai.alerts').stop();
    clock.at = T0;
    await h.query('DELETE FROM bousai_alert_sends');
    await h.query('DELETE FROM bousai_resident_districts');
    await h.query('DELETE FROM childcare_parents');
    await h.query('DELETE FROM line_users');
    h.emulator.reset();
  });

  it('counts, then sends every follower exactly once in their language, never the blocked, through 429/500', async () => {
    const ja = await addFollowers(h, 1100, { prefix: 'ja' });
    const en = await addFollowers(h, 130, { prefix: 'en', language: 'en' });
    const easy = await addFollowers(h, 40, { prefix: 'ez', language: 'ja-easy' });
    const blocked = await addFollowers(h, 25, { prefix: 'bl', followed: false });

    const preview = await call('POST', '/admin/bousai/alerts/preview', {});
    expect(preview.body).toEqual({
      recipients: 1270,
      blocked: 25,
      byLanguage: { ja: 1100, en: 130, 'ja-easy': 40 },
    });

    // LINE refuses for a while: 429 with Retry-After, 500s, and one 500 after it delivered (the key settles it).
    h.emulator.failNext({ path: MULTICAST, status: 429, times: 2, headers: { 'retry-after': '0' } });
    h.emulator.failNext({ path: MULTICAST, status: 500, times: 6 });
    h.emulator.failNext({ path: MULTICAST, status: 500, deliverThenFail: true });
    const requestKey = randomUUID();
    const created = await call('POST', '/admin/bousai/alerts', { template: 'evacuation_order', requestKey });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ created: true, status: 'scheduled', preview: { recipients: 1270 } });
    expect((created.body.texts as Record<string, string>).ja).toContain('市内全域に避難指示');
    // The same request again (a double tap, a retried POST): the same push, nothing new.
    const again = await call('POST', '/admin/bousai/alerts', { template: 'evacuation_order', requestKey });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, created: false });

    await sendUntilDone(String(created.body.id));
    const counts = multicastCounts();
    const wrong = [...ja, ...en, ...easy].filter((id) => counts.get(id) !== 1);
    expect(wrong).toEqual([]);
    for (const id of blocked) expect(counts.has(id)).toBe(false);
    expect(textOf(ja[0] as string)).toMatch(/^【警戒レベル4 避難指示】7月10日10時00分、/);
    expect(textOf(en[0] as string)).toMatch(/^\[Alert Level 4: Evacuation Order\]/);
    expect(textOf(easy[0] as string)).toContain('避難指示（ひなんしじ）');
    const accepted = h.emulator.requests.filter((r) => r.path === MULTICAST && r.status < 300);
    for (const r of accepted) expect((r.body as { to: string[] }).to.length).toBeLessThanOrEqual(500);

    const detail = await call('GET', `/admin/bousai/alerts/${created.body.id}`);
    expect(detail.body).toMatchObject({
      status: 'done',
      results: { recipients: 1270, sent: 1270, failed: 0, blocked: 25, pending: 0 },
    });
    const audit = await h.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'bousai.alert.send'`,
    );
    expect(audit).toHaveLength(1);
  }, 120_000);

  it('reaches the chosen districts only: the 防災 district first, else the 子育て one', async () => {
    const [a1, a2, b1, none, moved] = await addFollowers(h, 5, { prefix: 'd' });
    await setDistrict([a1 as string], 'kasuga', 'bousai');
    await setDistrict([a2 as string], 'kasuga', 'childcare');
    await setDistrict([b1 as string], 'sugu', 'bousai');
    // Registered 須玖 for 子育て but chose 春日 for 防災: 春日.
    await setDistrict([moved as string], 'sugu', 'childcare');
    await setDistrict([moved as string], 'kasuga', 'bousai');
    const preview = await call('POST', '/admin/bousai/alerts/preview', { districts: ['kasuga'] });
    expect(preview.body).toMatchObject({ recipients: 3, blocked: 0 });
    const created = await call('POST', '/admin/bousai/alerts', {
      template: '避難所開設',
      districts: ['kasuga'],
      requestKey: randomUUID(),
    });
    expect(created.status).toBe(201);
    expect((created.body.texts as Record<string, string>).ja).toContain('春日小学校区の避難所を開設');
    await sendUntilDone(String(created.body.id));
    expect([...multicastCounts().keys()].sort()).toEqual([a1, a2, moved].sort());
    expect(multicastCounts().has(none as string)).toBe(false);
  }, 60_000);

  it('refuses unknown districts and templates, and sending for a viewer', async () => {
    const bad = await call('POST', '/admin/bousai/alerts', {
      template: 'evacuation_order',
      districts: ['atlantis'],
      requestKey: randomUUID(),
    });
    expect(bad.status).toBe(400);
    const badTemplate = await call('POST', '/admin/bousai/alerts', {
      template: 'nope',
      requestKey: randomUUID(),
    });
    expect(badTemplate.status).toBe(400);
    const forbidden = await call(
      'POST',
      '/admin/bousai/alerts',
      { template: 'lifted', requestKey: randomUUID() },
      viewer,
    );
    expect(forbidden.status).toBe(403);
    const templates = await call('GET', '/admin/bousai/alerts/templates', undefined, viewer);
    expect(templates.status).toBe(200);
    const list = templates.body.templates as { id: string; example: Record<string, string> }[];
    expect(list.map((t) => t.id)).toEqual([
      'emergency_safety',
      'evacuation_order',
      'elderly_evacuation',
      'shelter_opened',
      'lifted',
    ]);
    for (const t of list) expect(Object.keys(t.example).sort()).toEqual(['en', 'ja', 'ja-easy']);
    // Documented in the OpenAPI description; the statuses listed by GET /admin/meta.
    const doc = (await (await fetch(`${h.url}/admin/docs/json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/bousai/mode',
        '/admin/bousai/alerts',
        '/admin/bousai/jma/matches/{id}/confirm',
      ]),
    );
    const meta = await call('GET', '/admin/meta', undefined, viewer);
    const names = (meta.body.enums as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['bousai.mode', 'bousai.alertStatus', 'bousai.jmaMatchStatus']),
    );
  });

  it('disaster mode from the staff API: audited, idempotent, progress shown; viewers may only look', async () => {
    await deployEverydayMenus(h);
    await addFollowers(h, 700, { prefix: 'm' });
    expect(
      (await call('POST', '/admin/bousai/mode', { mode: 'disaster', reason: 'test' }, viewer)).status,
    ).toBe(403);
    const on = await call('POST', '/admin/bousai/mode', {
      mode: 'disaster',
      reason: '大雨',
      disasterTitle: '7月豪雨',
    });
    expect(on.status).toBe(202);
    expect(on.body).toMatchObject({
      mode: 'disaster',
      changed: true,
      switch: { status: 'pending', phase: 'menus' },
    });
    // The request woke the switch job; an explicit round finds it claimed or finishes it.
    await h.app.jobs.get('bousai.mode-switch').runOnce();
    await expect
      .poll(async () => (await call('GET', '/admin/bousai/mode')).body.switch, { timeout: 20_000 })
      .toMatchObject({ status: 'done' });
    const shown = await call('GET', '/admin/bousai/mode', undefined, viewer);
    expect(shown.body).toMatchObject({
      mode: 'disaster',
      switch: { status: 'done', usersTotal: 700, usersDone: 700, linkRequests: 2 },
    });
    const twice = await call('POST', '/admin/bousai/mode', { mode: '災害モード', reason: 'again' });
    expect(twice.body).toMatchObject({ changed: false });
    const off = await call('POST', '/admin/bousai/mode', {
      mode: 'normal',
      reason: '解除',
      closeDisaster: true,
    });
    expect(off.body).toMatchObject({ mode: 'normal', changed: true });
    await expect
      .poll(async () => (await call('GET', '/admin/bousai/mode')).body.switch, { timeout: 20_000 })
      .toMatchObject({ status: 'done' });
    const audit = await h.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'bousai.mode.switch'`,
    );
    expect(audit).toHaveLength(3);
  }, 60_000);
});

describe('JMA ingest', () => {
  const documents = new Map<string, string>();
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/jma/${name}`, import.meta.url), 'utf8');
  const DATA = 'https://www.data.jma.go.jp/developer/xml/data/';

  function ingest(feed: string) {
    return createJmaIngest(h.app.services, {
      feedUrl: 'https://www.data.jma.go.jp/developer/xml/feed/test.xml',
      pollMs: 60_000,
      onDutyLineUserIds: [ON_DUTY],
      now: () => clock.at,
      fetch: async (url) => {
        if (url.endsWith('/feed/test.xml')) return fixture(feed);
        const doc = documents.get(url);
        if (doc === undefined) throw new Error(`GET ${url}: 404`);
        return doc;
      },
    });
  }

  beforeAll(async () => {
    h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' }, { now: () => clock.at });
    operator = (
      await createStaffWithToken(h.app.pg.pool, {
        name: '防災担当',
        isAdmin: false,
        roles: [{ scope: 'bousai', role: 'operator' }],
        via: 'test',
      })
    ).token;
    await deployEverydayMenus(h);
    await addFollowers(h, 30, { prefix: 'j' });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('震度速報 asks the on-duty staff; 震源・震度情報 with 6弱 in 春日市 enters disaster mode; each entry once', async () => {
    documents.set(`${DATA}20260320015500_0_VXSE51_010000.xml`, fixture('VXSE51-fukuoka-5plus.xml'));
    // The second document cannot be read yet (JMA's server is slow): it is tried again next round.
    const job = ingest('eqvol-feed.xml');
    expect(await job.runOnce()).toEqual({ newEntries: 2, handled: 1, entered: 0, awaiting: 1 });
    const pushes = await h.query<{ to_id: string; messages: { text: string }[] }>(
      'SELECT to_id, messages FROM outbound_messages',
    );
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.to_id).toBe(ON_DUTY);
    expect(pushes[0]?.messages[0]?.text).toContain('福岡地方で震度5強以上');
    expect((await call('GET', '/admin/bousai/mode')).body).toMatchObject({ mode: 'normal' });

    documents.set(`${DATA}20260320015800_0_VXSE53_010000.xml`, fixture('VXSE53-kasuga-6minus.xml'));
    expect(await job.runOnce()).toEqual({ newEntries: 0, handled: 1, entered: 1, awaiting: 0 });
    const mode = await call('GET', '/admin/bousai/mode');
    expect(mode.body).toMatchObject({
      mode: 'disaster',
      switch: { source: 'jma', reason: 'JMA: 春日市で震度5強以上' },
    });
    await settleSwitch();
    expect((await call('GET', '/admin/bousai/mode')).body).toMatchObject({
      switch: { status: 'done', usersDone: 30 },
    });

    // Nothing twice: the feed read again finds nothing new.
    expect(await job.runOnce()).toEqual({ newEntries: 0, handled: 0, entered: 0, awaiting: 0 });

    // The awaiting match, confirmed now, finds the account already in disaster mode.
    const awaiting = await call('GET', '/admin/bousai/jma/matches?status=awaiting');
    const items = awaiting.body.items as { id: string; ruleId: string }[];
    expect(items.map((m) => m.ruleId)).toEqual(['quake-area-5plus']);
    const confirmed = await call('POST', `/admin/bousai/jma/matches/${items[0]?.id}/confirm`);
    expect(confirmed.body).toMatchObject({ status: 'already' });
    expect((await call('POST', `/admin/bousai/jma/matches/${items[0]?.id}/dismiss`)).status).toBe(409);
    await call('POST', '/admin/bousai/mode', { mode: 'normal', reason: 'test' });
    await settleSwitch();
  }, 60_000);

  it('a warning to confirm, confirmed by staff, enters disaster mode; 大雨特別警報 would have by itself', async () => {
    documents.set(`${DATA}20260709163000_0_VPWW54_400000.xml`, fixture('VPWW54-flood-warning.xml'));
    documents.set(`${DATA}20260709163500_0_VPWW54_400000.xml`, fixture('VXSE53-kasuga-6minus-drill.xml'));
    const job = ingest('extra-feed.xml');
    expect(await job.runOnce()).toMatchObject({ newEntries: 2, handled: 2, entered: 0, awaiting: 1 });
    const awaiting = await call('GET', '/admin/bousai/jma/matches?status=確認待ち');
    const [match] = awaiting.body.items as { id: string; ruleId: string; summary: string }[];
    expect(match?.ruleId).toBe('heavy-rain-flood');
    const confirmed = await call('POST', `/admin/bousai/jma/matches/${match?.id}/confirm`);
    expect(confirmed.body).toMatchObject({ status: 'confirmed' });
    expect((await call('GET', '/admin/bousai/mode')).body).toMatchObject({
      mode: 'disaster',
      switch: { source: 'staff' },
    });
    const audit = await h.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'bousai.jma.confirm'`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
    await settleSwitch();
    await call('POST', '/admin/bousai/mode', { mode: 'normal', reason: 'test' });
    await settleSwitch();
  }, 60_000);
});

describe('resident entries', () => {
  const chat = chatWith(() => h);
  beforeAll(async () => {
    h = await startHarness({}, { now: () => clock.at });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('避難情報 shows none in force, then the latest in the resident language; contacts; district choice', async () => {
    const user = h.newUser('住民', 'en');
    await h.query(
      `INSERT INTO line_users (user_id, language) VALUES ($1, 'en') ON CONFLICT (user_id) DO UPDATE SET language = 'en'`,
      [user],
    );
    const none = (await chat.tap(user, 'action=menu&item=evacuationInfo')) as { text: string }[];
    expect(none.at(-1)?.text).toContain('no evacuation information in force');
    await h.query(
      `INSERT INTO bousai_alert_sends (request_key, template, texts, created_at)
       VALUES ($1, 'evacuation_order', '{"ja":"避難指示です","en":"Evacuation order","ja-easy":"にげて"}', $2)`,
      [randomUUID(), clock.at],
    );
    const latest = (await chat.tap(user, 'action=menu&item=evacuationInfo')) as { text: string }[];
    expect(latest.map((m) => m.text)).toEqual(['Current evacuation information:', 'Evacuation order']);
    const contacts = (await chat.tap(user, 'action=menu&item=disasterContacts')) as { text: string }[];
    expect(contacts[0]?.text).toContain('119');
    const ask = (await chat.tap(user, 'action=feature&feature=bousai-alerts&op=districts')) as {
      quickReply: { items: { action: { data: string } }[] };
    }[];
    expect(ask[0]?.quickReply.items.length).toBeLessThanOrEqual(13);
    const choose = ask[0]?.quickReply.items[0]?.action.data ?? '';
    await chat.tap(user, choose);
    const saved = await h.query<{ district: string }>(
      'SELECT district FROM bousai_resident_districts WHERE user_id = $1',
      [user],
    );
    expect(saved).toEqual([{ district: 'kasuga' }]);
  }, 60_000);
});
