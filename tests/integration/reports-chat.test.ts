// 損傷報告 in the chat, driven through signed webhooks: category → photos → place → nearby → comment → confirm
// → number; a sticker instead of a photo, a photo LINE lost or the server refused, a place outside the city,
// "me too" (only to a report the resident was offered), わたしの報告, cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transact.ts';
import { createReport, loadReportCatalog } from '../../src/features/reports/index.ts';
import { createPhotoStore } from '../../src/features/reports/photos/index.ts';
import type { PhotoStore } from '../../src/features/reports/photos/store.ts';
import { loadCityBoundary } from '../../src/geo/boundary.ts';
import { t } from '../../src/i18n/index.ts';
import { FIXTURES, fixture, inspectPhoto } from '../fixtures/photos/inspect.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

const INSIDE = { latitude: 33.5282, longitude: 130.4703 };
/** Far enough (> 50 m) from INSIDE that the reports made there are not offered as the same damage. */
const ELSEWHERE = { latitude: 33.522, longitude: 130.468 };
const OUTSIDE = { latitude: 33.5902, longitude: 130.4017 };
const JPEG = fixture(FIXTURES.gpsLandscape);

let h: Harness;
let store: PhotoStore;
beforeAll(async () => {
  // The city setting that publishes reports as they arrive (town-level address, rounded point).
  h = await startHarness({ OPEN311_AUTO_PUBLISH: 'true' });
  store = createPhotoStore({ dataDir: h.db.dataDir, photoStore: { kind: 'fs' } });
});
afterAll(async () => {
  await h?.close();
});

const r = (key: string, vars?: Record<string, string | number>) => t('ja', `reports:${key}`, vars);

const { replies, exchange, tap, say } = chatWith(() => h);
const sticker = (userId: string) => exchange(userId, (replyToken) => events.sticker({ userId, replyToken }));
let photoSeq = 0;
function photo(userId: string, options: { fail?: boolean; bytes?: Buffer } = {}) {
  photoSeq += 1;
  const id = `9${Date.now()}${photoSeq}`;
  if (options.fail) {
    h.emulator.failNext({ method: 'GET', path: `/v2/bot/message/${id}/content`, status: 404 });
  } else {
    h.emulator.setContent(id, options.bytes ?? JPEG, 'image/jpeg');
  }
  return exchange(userId, (replyToken) => events.image({ userId, replyToken }, id));
}
function place(userId: string, at: { latitude: number; longitude: number }, address = '春日市原町3丁目1-5') {
  return exchange(userId, (replyToken) =>
    events.custom({ userId, replyToken }, 'message', {
      message: { type: 'location', id: `${Date.now()}1`, title: '位置情報', address, ...at },
    }),
  );
}

interface QuickItem {
  type: string;
  label: string;
  data?: string;
}
function quickItems(messages: unknown[]): QuickItem[] {
  return messages.flatMap((m) => {
    const items = (
      m as { quickReply?: { items: { action: { type: string; label: string; data?: string } }[] } }
    ).quickReply?.items;
    return (items ?? []).map((i) => ({ type: i.action.type, label: i.action.label, data: i.action.data }));
  });
}
function quick(messages: unknown[], label: string): string {
  const found = quickItems(messages).find((i) => i.label === label)?.data;
  if (!found) throw new Error(`no quick reply "${label}" in ${JSON.stringify(messages).slice(0, 400)}`);
  return found;
}
const textsOf = (messages: unknown[]) =>
  messages.map((m) => (m as { text?: string }).text ?? textOf(m)).join('\n');

/** Opens the menu entry and chooses the category whose bubble reads `name`. */
async function startReport(userId: string, name = '道路の穴・段差'): Promise<unknown[]> {
  const menu = await tap(userId, 'action=menu&item=reports');
  const bubble = menu.flatMap(bubblesOf).find((b) => textOf(b).includes(name));
  const data = bubble ? postbacksOf(bubble)[0]?.data : undefined;
  if (!data) throw new Error(`no category ${name}`);
  return tap(userId, data);
}

async function reportUpToPlace(userId: string, at = INSIDE): Promise<unknown[]> {
  await startReport(userId);
  const received = await photo(userId);
  await tap(userId, quick(received, r('photos.done')));
  return place(userId, at);
}

describe('損傷報告 chat', () => {
  it('shows categories with their emergency notice and a tel: button', async () => {
    const userId = h.newUser('春日 一郎');
    const menu = await tap(userId, 'action=menu&item=reports');
    const road = menu.flatMap(bubblesOf).find((b) => textOf(b).includes('道路の穴・段差'));
    expect(textOf(road)).toContain('危険な場合はすぐに電話で');
    expect(JSON.stringify(road)).toContain('"uri":"tel:0925841111"');
    await say(userId, 'キャンセル');
  });

  it('takes a full report: photos (GPS removed), place, comment, confirmation, number; わたしの報告 lists it', async () => {
    const userId = h.newUser('春日 花子');
    const asked = await startReport(userId);
    expect(textsOf(asked)).toContain('1〜3枚');
    expect(quickItems(asked).map((i) => i.label)).not.toContain(r('photos.done'));

    await photo(userId);
    const second = await photo(userId);
    expect(textsOf(second)).toContain('2/3');
    const location = await tap(userId, quick(second, r('photos.done')));
    expect(quickItems(location).some((i) => i.type === 'location')).toBe(true);

    const comment = await place(userId, INSIDE);
    const confirm = await say(userId, '直径30cmほどの穴があります');
    expect(comment.length).toBeGreaterThan(0);
    const card = textOf(confirm);
    expect(card).toContain('道路の穴・段差');
    expect(card).toContain('春日市原町3丁目1-5');
    expect(card).toContain('直径30cmほどの穴があります');
    expect(card).toContain('2枚');

    const done = await tap(
      userId,
      postbacksOf(confirm).find((a) => a.label === r('confirm.submit'))?.data ?? '',
    );
    const number = /R\d+/.exec(textsOf(done))?.[0];
    expect(number).toBeDefined();

    const rows = await h.query<{ photo_key: string; comment: string; address: string }>(
      `SELECT p.photo_key, r.comment, r.address FROM reports r JOIN report_photos p ON p.report_id = r.id
        WHERE r.number = $1 ORDER BY p.id`,
      [number],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]?.comment).toBe('直径30cmほどの穴があります');
    const stored = await store.get(rows[0]?.photo_key ?? '');
    expect(stored).not.toBeNull();
    expect(await inspectPhoto(Buffer.from(stored?.bytes ?? []))).toMatchObject({ gps: undefined });
    expect((await inspectPhoto(JPEG)).gps).toBeDefined();
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toHaveLength(0);

    const mine = await tap(userId, 'action=menu&item=myReports');
    expect(textsOf(mine)).toContain(`${number} 道路の穴・段差：受付`);

    // OPEN311_AUTO_PUBLISH=true: public at once, but only at town level and without the resident's words.
    const published = await fetch(`${h.url}/open311/v2/requests.json?service_request_id=${number}`);
    const [request] = (await published.json()) as Record<string, unknown>[];
    expect(request).toMatchObject({
      service_request_id: number,
      address: '春日市原町3丁目',
      description: null,
    });
    expect(JSON.stringify(request)).not.toContain('直径30cm');
  });

  it('appends photos sent together (separate events in one delivery) one after another', async () => {
    const userId = h.newUser('春日 八郎');
    await startReport(userId);
    const before = replies(userId).length;
    const sent = [1, 2, 3].map((n) => {
      const id = `8${Date.now()}${n}`;
      h.emulator.setContent(id, JPEG, 'image/jpeg');
      return events.image({ userId, replyToken: h.emulator.issueReplyToken(userId) }, id);
    });
    expect((await h.send(...sent)).status).toBe(200);
    await waitFor(() => replies(userId).length >= before + 3, 'three replies');
    const state = await h.query<{ data: { photos: string[] } }>(
      'SELECT data FROM conversation_states WHERE user_id = $1',
      [userId],
    );
    expect(new Set(state[0]?.data.photos).size).toBe(3);
    expect(textsOf(replies(userId).at(-1)?.messages ?? [])).toContain('3/3');
    const fourth = await photo(userId);
    expect(textsOf(fourth)).toContain(r('photos.full', { max: 3 }));
    await say(userId, 'キャンセル');
  });

  it('re-prompts gently after a sticker or text instead of a photo', async () => {
    const userId = h.newUser('春日 二郎');
    await startReport(userId);
    expect(textsOf(await sticker(userId))).toContain(r('photos.notPhoto'));
    expect(textsOf(await say(userId, 'こんにちは'))).toContain(r('photos.notPhoto'));
    await say(userId, 'キャンセル');
  });

  it('asks for a photo again when LINE no longer has it', async () => {
    const userId = h.newUser('春日 三郎');
    await startReport(userId);
    const failed = await photo(userId, { fail: true });
    expect(textsOf(failed)).toContain(r('photos.failed'));
    const ok = await photo(userId);
    expect(textsOf(ok)).toContain('1/3');
    await say(userId, 'キャンセル');
  });

  it('asks for another photo, not the same one, when the server refuses it', async () => {
    const userId = h.newUser('春日 十郎');
    await startReport(userId);
    const notImage = textsOf(await photo(userId, { bytes: fixture(FIXTURES.notAnImage) }));
    expect(notImage).toContain(r('photos.notImage'));
    expect(notImage).not.toContain(r('photos.failed'));
    const tooLarge = textsOf(await photo(userId, { bytes: fixture(FIXTURES.oversized) }));
    expect(tooLarge).toContain(r('photos.tooLarge'));
    for (const lang of ['ja', 'en', 'ja-easy'] as const) {
      for (const key of ['photos.notImage', 'photos.tooLarge']) {
        expect(t(lang, `reports:${key}`)).not.toBe(t(lang, 'reports:photos.failed'));
        expect(t(lang, `reports:${key}`)).not.toBe(key);
      }
    }
    expect(textsOf(await photo(userId))).toContain('1/3');
    await say(userId, 'キャンセル');
  });

  it('refuses a place outside the city and asks again; back returns to the photos', async () => {
    const userId = h.newUser('春日 四郎');
    await startReport(userId);
    const received = await photo(userId);
    const location = await tap(userId, quick(received, r('photos.done')));
    const outside = await place(userId, OUTSIDE);
    expect(textsOf(outside)).toContain(r('location.outside'));
    const back = await tap(userId, quick(location, r('back')));
    expect(textsOf(back)).toContain('1/3');
    const state = await h.query<{ step: string }>('SELECT step FROM conversation_states WHERE user_id = $1', [
      userId,
    ]);
    expect(state[0]?.step).toBe('photos');
    await say(userId, 'キャンセル');
  });

  it('offers an open report nearby: me too attaches the photo and shows in わたしの報告', async () => {
    const first = h.newUser('春日 五郎');
    const comment = await reportUpToPlace(first, ELSEWHERE);
    const confirm = await tap(first, quick(comment, r('comment.skip')));
    const done = await tap(
      first,
      postbacksOf(confirm).find((a) => a.label === r('confirm.submit'))?.data ?? '',
    );
    const number = /R\d+/.exec(textsOf(done))?.[0] ?? '';

    const second = h.newUser('春日 六郎');
    const nearby = await reportUpToPlace(second, ELSEWHERE);
    expect(textsOf(nearby)).toContain(number);
    const thanks = await tap(second, quick(nearby, r('nearby.meToo', { number })));
    expect(textsOf(thanks)).toContain(number);
    const rows = await h.query<{ supporters: number; photos: number }>(
      `SELECT (SELECT count(*)::int FROM report_supporters s WHERE s.report_id = r.id) AS supporters,
              (SELECT count(*)::int FROM report_photos p WHERE p.report_id = r.id AND p.source = 'supporter') AS photos
         FROM reports r WHERE r.number = $1`,
      [number],
    );
    expect(rows[0]).toEqual({ supporters: 1, photos: 1 });
    const mine = await tap(second, 'action=menu&item=myReports');
    expect(textsOf(mine)).toContain(`${number} 道路の穴・段差：受付${r('mine.supporter')}`);
  });

  it('joins only a report it offered: a crafted "me too" for another report is refused politely', async () => {
    const NEAR_PARK = { latitude: 33.5345, longitude: 130.4684 };
    const first = h.newUser('春日 九郎');
    const comment = await reportUpToPlace(first, NEAR_PARK);
    const confirm = await tap(first, quick(comment, r('comment.skip')));
    const done = await tap(
      first,
      postbacksOf(confirm).find((a) => a.label === r('confirm.submit'))?.data ?? '',
    );
    const offeredNumber = /R\d+/.exec(textsOf(done))?.[0] ?? '';
    // An open report elsewhere, never offered to this resident.
    const other = await transact(h.app.pg.pool, async (tx) =>
      createReport(
        tx,
        { userId: null, category: 'road', lat: 33.5225, lon: 130.4585, photoKeys: [], photosOptional: true },
        { catalog: loadReportCatalog(), boundary: await loadCityBoundary() },
      ),
    );

    const second = h.newUser('春日 十一郎');
    const nearby = await reportUpToPlace(second, NEAR_PARK);
    expect(textsOf(nearby)).toContain(offeredNumber);
    const forged = new URLSearchParams(quick(nearby, r('nearby.new')));
    forged.set('op', 'metoo');
    forged.set('r', other.id);
    const refused = await tap(second, forged.toString());
    expect(textsOf(refused)).toContain(r('nearby.notOffered'));
    const supporters = (number: string) =>
      h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM report_supporters s JOIN reports r ON r.id = s.report_id
          WHERE r.number = $1`,
        [number],
      );
    expect(await supporters(other.number)).toEqual([{ n: 0 }]);
    expect(await h.query('SELECT 1 FROM report_photos WHERE report_id = $1', [other.id])).toHaveLength(0);

    const thanks = await tap(second, quick(nearby, r('nearby.meToo', { number: offeredNumber })));
    expect(textsOf(thanks)).toContain(r('nearby.done', { number: offeredNumber }));
    expect(await supporters(offeredNumber)).toEqual([{ n: 1 }]);
  });

  it('cancels with the quit button and with the cancel word; old buttons then do nothing', async () => {
    const userId = h.newUser('春日 七郎');
    const asked = await startReport(userId);
    const quit = await tap(userId, quick(asked, r('quit')));
    expect(textsOf(quit)).toContain(r('quitDone'));
    expect(textsOf(await tap(userId, quick(asked, r('back'))))).not.toContain('1〜3枚');
    await startReport(userId);
    await photo(userId);
    expect(textsOf(await say(userId, 'キャンセル'))).not.toBe('');
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toHaveLength(0);
  });

  it('sent nothing LINE rejected', () => {
    expect(h.emulator.rejected).toEqual([]);
  });
});
