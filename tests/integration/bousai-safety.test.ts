// 安否・避難報告 through the whole server: refused outside a disaster; a resident at a shelter with needs, then
// an update (one report, not two); a report for a relative without LINE (name, address, phone); someone who
// needs help with their place; a forged shelter button; the staff views (counts without names, the list and
// map of who needs help — personal data, audited; role bousai); deletion 30 days after the disaster closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { REPORT_RETENTION_DAYS } from '../../src/features/bousai/safety/types.ts';
import { t } from '../../src/i18n/index.ts';
import { adminCall } from '../helpers/admin-http.ts';
import { chatWith } from '../helpers/chat.ts';
import { textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

const DAY = 24 * 60 * 60 * 1000;
const SHELTER = 'E4021800006111';
const SHELTER_NAME = '春日西中学校';
const HOME = { latitude: 33.5282, longitude: 130.4703 };

let h: Harness;
let manager: string;
let operator: string;
let viewer: string;
beforeAll(async () => {
  h = await startHarness();
  const make = async (name: string, role: 'viewer' | 'operator' | 'manager') =>
    (
      await createStaffWithToken(h.app.pg.pool, {
        name,
        isAdmin: false,
        roles: [{ scope: 'bousai', role }],
        via: 'test',
      })
    ).token;
  manager = await make('防災 課長', 'manager');
  operator = await make('防災 担当', 'operator');
  viewer = await make('閲覧', 'viewer');
  // Creating an embedded database on a busy machine can take most of a minute.
}, 180_000);
afterAll(async () => {
  await h?.close();
});

const { exchange, tap, say } = chatWith(() => h);
const api = (method: string, path: string, token: string, body?: unknown) =>
  adminCall(h.url, method, path, token, body);
const b = (key: string, vars?: Record<string, string | number>) => t('ja', `bousai:${key}`, vars);

interface QuickItem {
  type: string;
  label?: string;
  data?: string;
}
const quickItems = (messages: unknown[]) =>
  ((messages.at(-1) as { quickReply?: { items: { action: QuickItem }[] } }).quickReply?.items ?? []).map(
    (item) => item.action,
  );
const quick = (messages: unknown[], label: string) => {
  const item = quickItems(messages).find((action) => action.label === label);
  if (!item?.data) throw new Error(`no quick reply ${label} in ${JSON.stringify(quickItems(messages))}`);
  return item.data;
};
const sendPlace = (userId: string, at: { latitude: number; longitude: number }) =>
  exchange(userId, (replyToken) =>
    events.custom({ userId, replyToken }, 'message', {
      message: { type: 'location', id: `${Date.now()}1`, title: '位置情報', address: '春日市', ...at },
    }),
  );

interface ReportRow {
  situation: string;
  shelter_id: string | null;
  people: number;
  needs: string[];
  proxy_name: string | null;
  proxy_address: string | null;
  proxy_phone: string | null;
  latitude: number | null;
}
const reportsOf = (userId: string) =>
  h.query<ReportRow & Record<string, unknown>>(
    `SELECT situation, shelter_id, people, needs, proxy_name, proxy_address, proxy_phone, latitude
       FROM bousai_safety_reports WHERE user_id = $1 ORDER BY id`,
    [userId],
  );

let disasterId = '';
const reporters: string[] = [];

describe('安否・避難報告', () => {
  it('is not taken while no disaster is open', async () => {
    const userId = h.newUser('Mio', 'ja');
    const answer = await tap(userId, 'action=feature&feature=bousai&do=safety');
    expect(textOf(answer[0])).toBe(b('safety.noDisaster'));
  });

  it('a resident at a shelter, with needs, then an update: one report', async () => {
    const opened = await api('POST', '/admin/bousai/disasters', manager, { title: '令和8年12月 地震' });
    expect(opened.status).toBe(201);
    disasterId = String(opened.body.id);
    expect((await api('POST', '/admin/bousai/disasters', manager, { title: 'again' })).status).toBe(409);
    expect(
      (await api('PUT', `/admin/bousai/shelters/${SHELTER}/status`, operator, { status: 'open' })).status,
    ).toBe(200);

    const userId = h.newUser('Sora', 'ja');
    reporters.push(userId);
    const menu = await tap(userId, 'action=menu&item=disaster');
    const situation = await tap(userId, quick(menu, b('menu.safety')));
    expect(textOf(situation[0])).toBe(b('safety.askSituation'));
    const shelter = await tap(userId, quick(situation, b('situation.at_shelter')));
    expect(textOf(shelter[0])).toBe(b('safety.askShelter'));
    const people = await tap(userId, quick(shelter, SHELTER_NAME));
    const needs = await tap(userId, quick(people, b('safety.peopleLabel', { count: 2 })));
    const one = await tap(userId, quick(needs, b('need.medicine')));
    const two = await tap(userId, quick(one, b('need.pets')));
    expect(quickItems(two).map((item) => item.label)).toContain(`✓ ${b('need.medicine')}`);
    const saved = await tap(userId, quick(two, b('safety.needsDone')));
    expect(textOf(saved[0])).toContain(
      b('safety.saved', { summary: '', days: REPORT_RETENTION_DAYS }).split('：')[0],
    );
    expect(textOf(saved[0])).toContain(`${REPORT_RETENTION_DAYS}日後に削除`);
    expect(await reportsOf(userId)).toEqual([
      expect.objectContaining({
        situation: 'at_shelter',
        shelter_id: SHELTER,
        people: 2,
        needs: ['medicine', 'pets'],
      }),
    ]);

    // The update: home now, three people typed, no needs.
    const again = await tap(userId, 'action=feature&feature=bousai&do=safety');
    const count = await tap(userId, quick(again, b('situation.safe_home')));
    const typed = await say(userId, '３');
    expect(textOf(typed[0])).toContain(b('safety.askNeeds', { chosen: b('need.none') }).slice(0, 8));
    await tap(userId, quick(typed, b('safety.needsDone')));
    expect(count).toBeDefined();
    expect(await reportsOf(userId)).toEqual([
      expect.objectContaining({ situation: 'safe_home', shelter_id: null, people: 3, needs: [] }),
    ]);
    expect(h.emulator.rejected).toEqual([]);
  });

  it('the disaster menu’s 安否報告 starts one’s own report, with reporting for family a tap away', async () => {
    const userId = h.newUser('Riku', 'ja');
    const situation = await tap(userId, 'action=menu&item=safetyReport');
    expect(textOf(situation[0])).toBe(b('safety.askSituation'));
    const proxy = await tap(userId, quick(situation, b('menu.proxy')));
    expect(textOf(proxy[0])).toBe(b('safety.askProxyName'));
    const quit = await tap(userId, quick(proxy, t('ja', 'flow.quitLabel')));
    expect(textOf(quit[0])).toBe(b('safety.quit'));
  });

  it('a relative reports for someone without LINE: name, address, phone', async () => {
    const userId = h.newUser('Daichi', 'ja');
    reporters.push(userId);
    const name = await tap(userId, 'action=feature&feature=bousai&do=proxy');
    expect(textOf(name[0])).toBe(b('safety.askProxyName'));
    await say(userId, '春日 花子');
    const phone = await say(userId, '春日市原町3-1-5');
    expect(textOf(phone[0])).toBe(b('safety.askProxyPhone', { name: '春日 花子' }));
    const bad = await say(userId, 'でんわ');
    expect(textOf(bad)).toContain(b('safety.badPhone'));
    const situation = await say(userId, '０９２－５８４－１１１１');
    expect(textOf(situation[0])).toBe(b('safety.askSituationProxy', { name: '春日 花子' }));
    const people = await tap(userId, quick(situation, b('situation.need_help')));
    const needs = await tap(userId, quick(people, b('safety.peopleLabel', { count: 1 })));
    const chosen = await tap(userId, quick(needs, b('need.wheelchair')));
    const saved = await tap(userId, quick(chosen, b('safety.needsDone')));
    expect(textOf(saved[0])).toContain(b('safety.summaryProxy', { name: '春日 花子' }));
    expect(await reportsOf(userId)).toEqual([
      expect.objectContaining({
        situation: 'need_help',
        people: 1,
        needs: ['wheelchair'],
        proxy_name: '春日 花子',
        proxy_address: '春日市原町3-1-5',
        proxy_phone: '092-584-1111',
        latitude: null,
      }),
    ]);
  });

  it('someone who needs help sends their place; a forged shelter button is refused', async () => {
    const userId = h.newUser('Yui', 'ja');
    reporters.push(userId);
    const situation = await tap(userId, 'action=feature&feature=bousai&do=safety');
    const shelter = await tap(userId, quick(situation, b('situation.at_shelter')));
    const forged = quick(shelter, SHELTER_NAME).replace(SHELTER, 'E4021800008111');
    expect(textOf((await tap(userId, forged))[0])).toBe(t('ja', 'flow.staleButton'));
    const near = await sendPlace(userId, HOME);
    expect(textOf(near[0])).toBe(b('safety.askShelterNear'));
    const back = await tap(userId, quick(near, SHELTER_NAME));
    expect(textOf(back[0])).toBe(b('safety.askPeople'));
    await tap(userId, 'action=feature&feature=bousai&do=safety');
    const s2 = await tap(userId, 'action=feature&feature=bousai&do=safety');
    const people = await tap(userId, quick(s2, b('situation.need_help')));
    const needs = await tap(userId, quick(people, b('safety.peopleLabel', { count: 1 })));
    const place = await tap(userId, quick(needs, b('safety.needsDone')));
    expect(textOf(place[0])).toBe(b('safety.askPlace'));
    const saved = await sendPlace(userId, HOME);
    expect(textOf(saved[0])).toContain(b('situation.need_help'));
    expect(await reportsOf(userId)).toEqual([
      expect.objectContaining({ situation: 'need_help', latitude: HOME.latitude }),
    ]);
  });

  it('staff see counts (viewer), and who needs help as a list and a map (operator, audited)', async () => {
    // One more at the shelter, for the counts.
    const userId = h.newUser('Kai', 'ja');
    reporters.push(userId);
    const s = await tap(userId, 'action=feature&feature=bousai&do=safety');
    const sh = await tap(userId, quick(s, b('situation.at_shelter')));
    const p = await tap(userId, quick(sh, SHELTER_NAME));
    const n = await tap(userId, quick(p, b('safety.peopleLabel', { count: 4 })));
    await tap(userId, quick(n, b('safety.needsDone')));

    const counts = await api('GET', `/admin/bousai/disasters/${disasterId}/counts`, viewer);
    expect(counts.status).toBe(200);
    expect(counts.body.situations).toEqual([
      { situation: 'at_shelter', reports: 1, people: 4 },
      { situation: 'need_help', reports: 2, people: 2 },
      { situation: 'safe_home', reports: 1, people: 3 },
    ]);
    expect(counts.body.shelters).toEqual([
      { shelterId: SHELTER, shelterName: SHELTER_NAME, reports: 1, people: 4 },
    ]);
    expect(JSON.stringify(counts.body)).not.toContain('Kai');

    expect((await api('GET', `/admin/bousai/disasters/${disasterId}/help`, viewer)).status).toBe(403);
    const help = await api('GET', `/admin/bousai/disasters/${disasterId}/help?limit=1`, operator);
    expect(help.status).toBe(200);
    const first = (help.body.items as Record<string, unknown>[])[0];
    expect(first).toMatchObject({
      displayName: 'Daichi',
      proxy: { name: '春日 花子', address: '春日市原町3-1-5', phone: '092-584-1111' },
      people: 1,
      needs: ['wheelchair'],
      latitude: null,
    });
    expect(String(first?.updatedAt)).toMatch(/\+09:00$/);
    expect(JSON.stringify(help.body)).not.toMatch(/U[0-9a-f]{32}/);
    const next = await api(
      'GET',
      `/admin/bousai/disasters/${disasterId}/help?limit=1&cursor=${help.body.nextCursor}`,
      operator,
    );
    expect((next.body.items as Record<string, unknown>[])[0]).toMatchObject({
      displayName: 'Yui',
      proxy: null,
    });

    const map = await api('GET', `/admin/bousai/disasters/${disasterId}/help.geojson`, operator);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toContain('application/geo+json');
    expect(map.body).toMatchObject({
      type: 'FeatureCollection',
      features: [
        {
          geometry: { type: 'Point', coordinates: [HOME.longitude, HOME.latitude] },
          properties: { displayName: 'Yui' },
        },
      ],
    });
    const audits = await h.query<{ action: string; personal_data: boolean }>(
      "SELECT action, personal_data FROM audit_log WHERE action LIKE 'bousai.help.%' ORDER BY id",
    );
    expect(audits).toEqual([
      { action: 'bousai.help.list', personal_data: true },
      { action: 'bousai.help.list', personal_data: true },
      { action: 'bousai.help.map', personal_data: true },
    ]);
  });

  it('are deleted 30 days after the disaster is closed, with the reporters’ raw LINE traffic', async () => {
    const closed = await api('POST', `/admin/bousai/disasters/${disasterId}/close`, manager);
    expect(closed.status).toBe(200);
    expect((await api('POST', `/admin/bousai/disasters/${disasterId}/close`, manager)).status).toBe(409);
    const late = await tap(h.newUser('Late', 'ja'), 'action=feature&feature=bousai&do=safety');
    expect(textOf(late[0])).toBe(b('safety.noDisaster'));

    const job = h.app.jobs.get<{ disasters: number; reports: number }>('bousai.report-retention');
    const closedAt = new Date(String(closed.body.closedAt));
    expect(await job.runOnce(new Date(closedAt.getTime() + (REPORT_RETENTION_DAYS - 1) * DAY))).toEqual({
      disasters: 0,
      reports: 0,
    });
    expect(await job.runOnce(new Date(closedAt.getTime() + REPORT_RETENTION_DAYS * DAY + 1000))).toEqual({
      disasters: 1,
      reports: 4,
    });
    expect(await h.query('SELECT 1 FROM bousai_safety_reports')).toEqual([]);
    const erased = await h.query<{ user_id: string }>(
      'SELECT user_id FROM raw_data_erasures WHERE user_id = ANY($1::text[])',
      [reporters],
    );
    expect(erased).toHaveLength(reporters.length);
    const disaster = await h.query<{ reports_deleted_at: Date | null }>(
      'SELECT reports_deleted_at FROM bousai_disasters WHERE id = $1',
      [disasterId],
    );
    expect(disaster[0]?.reports_deleted_at).not.toBeNull();
  });
});
