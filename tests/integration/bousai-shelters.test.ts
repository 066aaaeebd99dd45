// 防災 shelters through the whole server: the city's files imported on the first start, the staff import (a bad
// file changes nothing), the nearest shelters against a brute-force computation (every hazard group, inside and
// outside the city), the chat (防災 → location → cards; hazard filter; outside note; a place sent outside any
// conversation), and statuses set by staff (role bousai, audited) putting open shelters first in a disaster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import {
  HAZARD_GROUP_IDS,
  HAZARD_GROUPS,
  type HazardGroup,
} from '../../src/features/bousai/shelters/gsi-format.ts';
import { distanceMetres, nearestShelters } from '../../src/features/bousai/shelters/nearest.ts';
import { parseShelterFiles } from '../../src/features/bousai/shelters/store.ts';
import { t } from '../../src/i18n/index.ts';
import { adminCall } from '../helpers/admin-http.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { csvOf, EVACUATION_SITE_FILE, featuresOf, SHELTER_FILE } from '../helpers/shelter-files.ts';
import { events } from '../helpers/webhook-events.ts';

const INSIDE = { latitude: 33.5282, longitude: 130.4703 };
const OUTSIDE = { latitude: 33.5902, longitude: 130.4017 };
const ROWS = parseShelterFiles([SHELTER_FILE, EVACUATION_SITE_FILE]);

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

const { exchange, tap } = chatWith(() => h);
const api = (method: string, path: string, token: string, body?: unknown) =>
  adminCall(h.url, method, path, token, body);
const b = (key: string, vars?: Record<string, string | number>) => t('ja', `bousai:${key}`, vars);

function sendPlace(userId: string, at: { latitude: number; longitude: number }) {
  return exchange(userId, (replyToken) =>
    events.custom({ userId, replyToken }, 'message', {
      message: { type: 'location', id: `${Date.now()}1`, title: '位置情報', address: '春日市', ...at },
    }),
  );
}

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
  if (!item?.data) throw new Error(`no quick reply ${label}`);
  return item.data;
};

/** The nearest `limit` shelters by brute force over the file rows (ties by 共通ID, as the query orders them). */
function bruteForce(
  at: { latitude: number; longitude: number },
  group: HazardGroup | undefined,
  limit: number,
) {
  const hazards = group ? (HAZARD_GROUPS[group] as readonly string[]) : null;
  const designated = new Set(
    ROWS.filter((row) => hazards === null || row.hazards.some((hazard) => hazards.includes(hazard))).map(
      (row) => row.site,
    ),
  );
  return ROWS.filter((row) => designated.has(row.site))
    .map((row) => ({
      id: row.id,
      distance: distanceMetres(at.latitude, at.longitude, row.latitude, row.longitude),
    }))
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

describe('the shelters', () => {
  it('are the city’s files on the first start', async () => {
    const counts = await h.query<{ kind: string; n: string }>(
      'SELECT kind, count(*) AS n FROM bousai_shelters GROUP BY kind ORDER BY kind',
    );
    expect(counts.map((row) => [row.kind, Number(row.n)])).toEqual([
      ['evacuation_site', 86],
      ['shelter', 71],
    ]);
  });

  it('nearest match a brute-force computation, for every hazard group, inside and outside the city', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const points = [
      INSIDE,
      OUTSIDE,
      ...Array.from({ length: 40 }, () => ({
        latitude: 33.48 + random() * 0.09,
        longitude: 130.41 + random() * 0.09,
      })),
    ];
    for (const at of points) {
      for (const group of [undefined, ...HAZARD_GROUP_IDS]) {
        const got = await nearestShelters(h.app.pg.pool, { ...at, group, openFirst: false, limit: 8 });
        const want = bruteForce(at, group, 8);
        expect(
          got.map((row) => row.id),
          `${at.latitude},${at.longitude} ${group}`,
        ).toEqual(want.map((row) => row.id));
        for (const [i, row] of got.entries()) expect(row.distance).toBeCloseTo(want[i]?.distance ?? 0, 3);
      }
    }
  });
});

describe('in the chat', () => {
  it('防災 → location shows the five nearest with distance, walking time, hazards, status and a route link', async () => {
    const userId = h.newUser('Hana', 'ja');
    const menu = await tap(userId, 'action=menu&item=disaster');
    expect(textOf(menu[0])).toBe(b('menu.text'));
    expect(quickItems(menu).some((action) => action.type === 'location')).toBe(true);

    const answer = await sendPlace(userId, INSIDE);
    expect(answer).toHaveLength(2);
    expect(textOf(answer[0])).toBe(b('near.intro'));
    const bubbles = bubblesOf(answer[1]);
    expect(bubbles).toHaveLength(5);
    const nearest = bruteForce(INSIDE, undefined, 5);
    const first = ROWS.find((row) => row.id === nearest[0]?.id);
    const card = textOf(bubbles[0]);
    expect(card).toContain(first?.name);
    expect(card).toContain(b('status.unopened'));
    expect(card).toMatch(/約\d+ m・徒歩約\d+分/);
    expect(card).toContain(b('near.credit'));
    expect(JSON.stringify(bubbles[0])).toContain(
      `"uri":"https://www.google.com/maps/dir/?api=1&origin=33.528200,130.470300&destination=`,
    );
    // The conversation ended: a location now is offered, not answered as this step.
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toEqual([]);

    const quake = await tap(userId, quick(answer, b('hazard.quake')));
    expect(textOf(quake[0])).toBe(b('near.filtered', { hazard: b('hazard.quake') }));
    const quakeIds = bruteForce(INSIDE, 'quake', 5).map((row) => ROWS.find((r) => r.id === row.id)?.name);
    expect(bubblesOf(quake[1]).map((bubble) => textOf(bubble).split('\n')[1])).toEqual(quakeIds);
    expect(textOf(bubblesOf(quake[1])[0])).toContain(b('hazardName.earthquake'));
    expect(h.emulator.rejected).toEqual([]);
  });

  it('a place outside the city still gets the nearest, with a note', async () => {
    const userId = h.newUser('Tom', 'en');
    await tap(userId, 'action=menu&item=disaster');
    const answer = await sendPlace(userId, OUTSIDE);
    expect(textOf(answer[0])).toContain(t('en', 'bousai:near.outside'));
    expect(bubblesOf(answer[1])).toHaveLength(5);
  });

  it('a place sent outside any conversation is offered the nearest shelters', async () => {
    const userId = h.newUser('Ken', 'ja');
    const offered = await sendPlace(userId, INSIDE);
    const answer = await tap(userId, quick(offered, b('near.offer')));
    expect(bubblesOf(answer[1])).toHaveLength(5);
  });

  it('a forged near button is answered, not obeyed', async () => {
    const userId = h.newUser('Ren', 'ja');
    const answer = await tap(userId, 'action=feature&feature=bousai&do=near&lat=abc&lon=1');
    expect(textOf(answer[0])).toBe(t('ja', 'flow.staleButton'));
  });
});

describe('staff', () => {
  it('find the 防災 routes in the OpenAPI document, and the statuses in GET /admin/meta', async () => {
    const doc = (await (await fetch(`${h.url}/admin/docs/json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/bousai/shelters',
        '/admin/bousai/shelters/{id}/status',
        '/admin/bousai/shelters/import',
        '/admin/bousai/disasters',
        '/admin/bousai/disasters/{id}/close',
        '/admin/bousai/disasters/{id}/counts',
        '/admin/bousai/disasters/{id}/help',
        '/admin/bousai/disasters/{id}/help.geojson',
      ]),
    );
    const meta = await api('GET', '/admin/meta', viewer);
    const names = (meta.body.enums as { name: string }[]).map((labelled) => labelled.name);
    expect(names).toEqual(
      expect.arrayContaining(['bousai.shelterStatus', 'bousai.situation', 'bousai.need']),
    );
  });

  it('import the national files: a bad file is refused naming row and column, and nothing changes', async () => {
    const sites = featuresOf(EVACUATION_SITE_FILE);
    const broken = structuredClone(sites);
    (broken[10] as (typeof broken)[number]).properties.洪水 = 'x';
    const before = await h.query('SELECT id, name, withdrawn FROM bousai_shelters ORDER BY id');
    const refused = await api('POST', '/admin/bousai/shelters/import', manager, {
      files: [
        { name: 'shelters.geojson', content: SHELTER_FILE.bytes.toString('utf8') },
        { name: 'sites.csv', content: csvOf(broken).slice(1) },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([
      { file: 'sites.csv', row: 12, column: '洪水', message: '"x" is not a flag (1 or empty)' },
    ]);
    expect(refused.body.error).toContain('sites.csv, row 12, column 「洪水」');
    expect(await h.query('SELECT id, name, withdrawn FROM bousai_shelters ORDER BY id')).toEqual(before);

    expect((await api('POST', '/admin/bousai/shelters/import', operator, { files: [] })).status).toBe(400);
    const smaller = sites.slice(0, 80);
    (smaller[0] as (typeof smaller)[number]).properties['施設・場所名'] = 'ちくし台第２公園（改名）';
    const forbidden = await api('POST', '/admin/bousai/shelters/import', operator, {
      files: [{ name: 'sites.csv', content: csvOf(smaller) }],
    });
    expect(forbidden.status).toBe(403);
    const imported = await api('POST', '/admin/bousai/shelters/import', manager, {
      files: [{ name: 'sites.csv', contentBase64: Buffer.from(csvOf(smaller)).toString('base64') }],
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ added: 0, updated: 80, withdrawn: 6, byKind: { evacuation_site: 80 } });
    const renamed = await h.query<{ name: string }>(
      "SELECT name FROM bousai_shelters WHERE id = 'E4021800001201'",
    );
    expect(renamed[0]?.name).toBe('ちくし台第２公園（改名）');
    const audits = await h.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'bousai.shelters.import'",
    );
    expect(audits).toHaveLength(1);
    // Back to the full file: the six come back.
    const restored = await api('POST', '/admin/bousai/shelters/import', manager, {
      files: [{ name: EVACUATION_SITE_FILE.name, content: EVACUATION_SITE_FILE.bytes.toString('utf8') }],
    });
    expect(restored.body).toMatchObject({ added: 0, updated: 86, withdrawn: 0 });
    expect(await h.query('SELECT 1 FROM bousai_shelters WHERE withdrawn')).toEqual([]);
  });

  it('set a shelter’s status (operator, audited); in a disaster residents see open ones first', async () => {
    const nearest = bruteForce(INSIDE, undefined, 40);
    const far = nearest.at(-1)?.id ?? '';
    const farShelter = ROWS.find((row) => row.id === far);
    expect(
      (await api('PUT', `/admin/bousai/shelters/${far}/status`, viewer, { status: 'open' })).status,
    ).toBe(403);
    const opened = await api('PUT', `/admin/bousai/shelters/${far}/status`, operator, { status: '開設' });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: far, status: 'open' });
    expect(String(opened.body.statusChangedAt)).toMatch(/\+09:00$/);
    expect(
      (await api('PUT', '/admin/bousai/shelters/E9999/status', operator, { status: 'open' })).status,
    ).toBe(404);
    expect(
      (await api('PUT', `/admin/bousai/shelters/${far}/status`, operator, { status: 'half' })).status,
    ).toBe(400);
    const audit = await h.query<{ details: { from: string; to: string } }>(
      "SELECT details FROM audit_log WHERE action = 'bousai.shelter.status' AND resource_id = $1",
      [far],
    );
    expect(audit.map((row) => row.details)).toEqual([
      expect.objectContaining({ from: 'unopened', to: 'open' }),
    ]);
    const listed = await api('GET', '/admin/bousai/shelters?status=open', viewer);
    expect((listed.body.items as { id: string }[]).map((item) => item.id)).toEqual([far]);

    // Without a disaster: by distance only.
    const userId = h.newUser('Aoi', 'ja');
    await tap(userId, 'action=menu&item=disaster');
    const calm = await sendPlace(userId, INSIDE);
    expect(textOf(bubblesOf(calm[1])[0])).not.toContain(farShelter?.name);

    const disaster = await api('POST', '/admin/bousai/disasters', manager, { title: '令和8年12月 大雨' });
    expect(disaster.status).toBe(201);
    const menu = await tap(userId, 'action=menu&item=disaster');
    expect(textOf(menu[0])).toBe(b('menu.textDisaster'));
    const during = await sendPlace(userId, INSIDE);
    expect(textOf(during[0])).toContain(b('near.openFirst'));
    expect(textOf(bubblesOf(during[1])[0])).toContain(farShelter?.name);
    expect(textOf(bubblesOf(during[1])[0])).toContain(b('status.open'));
    const closed = await api('POST', `/admin/bousai/disasters/${disaster.body.id}/close`, manager);
    expect(closed.status).toBe(200);
    await api('PUT', `/admin/bousai/shelters/${far}/status`, operator, { status: 'unopened' });
  });
});
