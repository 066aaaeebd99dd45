// Photos of abandoned 損傷報告 are deleted: every stored upload is recorded first, and the sweep removes the
// file and the record 48 h on unless a report owns the photo or a live conversation still holds it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPhotoStore,
  createPhotoSweepLoop,
  type PhotoSweepResult,
} from '../../src/features/reports/photos/index.ts';
import { t } from '../../src/i18n/index.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

const ELSEWHERE = { latitude: 33.522, longitude: 130.468 };
const JPEG = fixture(FIXTURES.gpsLandscape);
const HOUR = 60 * 60 * 1000;

/** The app's clock: the real time moved by `shift` (reset after every test). */
let shift = 0;
const clock = () => new Date(Date.now() + shift);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { now: clock });
});
afterEach(() => {
  shift = 0;
});
afterAll(async () => {
  await h?.close();
});

const r = (key: string, vars?: Record<string, string | number>) => t('ja', `reports:${key}`, vars);
const later = (hours: number) => new Date(Date.now() + hours * HOUR);

const { exchange, tap, say } = chatWith(() => h);
let photoSeq = 0;
function photo(userId: string) {
  photoSeq += 1;
  const id = `7${Date.now()}${photoSeq}`;
  h.emulator.setContent(id, JPEG, 'image/jpeg');
  return exchange(userId, (replyToken) => events.image({ userId, replyToken }, id));
}
const place = (userId: string, at: { latitude: number; longitude: number }) =>
  exchange(userId, (replyToken) =>
    events.custom({ userId, replyToken }, 'message', {
      message: {
        type: 'location',
        id: `${Date.now()}1`,
        title: '位置情報',
        address: '春日市原町3丁目1-5',
        ...at,
      },
    }),
  );

function quick(messages: unknown[], label: string): string {
  for (const m of messages) {
    const items = (m as { quickReply?: { items: { action: { label: string; data?: string } }[] } }).quickReply
      ?.items;
    const found = items?.find((i) => i.action.label === label)?.action.data;
    if (found) return found;
  }
  throw new Error(`no quick reply "${label}" in ${JSON.stringify(messages).slice(0, 400)}`);
}
const textsOf = (messages: unknown[]) =>
  messages.map((m) => (m as { text?: string }).text ?? textOf(m)).join('\n');

async function startReport(userId: string): Promise<unknown[]> {
  const menu = await tap(userId, 'action=menu&item=reports');
  const bubble = menu.flatMap(bubblesOf).find((b) => textOf(b).includes('道路の穴・段差'));
  const data = bubble ? postbacksOf(bubble)[0]?.data : undefined;
  if (!data) throw new Error('no category');
  return tap(userId, data);
}

/** The photo keys the user's conversation holds now. */
async function statePhotos(userId: string): Promise<string[]> {
  const rows = await h.query<{ photos: string[] | null }>(
    `SELECT data -> 'photos' AS photos FROM conversation_states WHERE user_id = $1`,
    [userId],
  );
  return rows[0]?.photos ?? [];
}

/** Sends `count` photos at the photo step; returns their keys and the last reply. */
async function sendPhotos(userId: string, count: number): Promise<{ keys: string[]; last: unknown[] }> {
  let last: unknown[] = [];
  for (let i = 0; i < count; i += 1) last = await photo(userId);
  const keys = await statePhotos(userId);
  expect(keys).toHaveLength(count);
  return { keys, last };
}

const fileOf = (key: string) => path.join(h.db.dataDir, 'photos', key.slice(0, 2), `${key}.jpg`);
const hasFile = (key: string) => existsSync(fileOf(key));
async function uploadRows(keys: string[]) {
  return h.query<{ photo_key: string; user_id: string; stored_at: Date }>(
    'SELECT photo_key, user_id, stored_at FROM report_photo_uploads WHERE photo_key = ANY($1::text[])',
    [keys],
  );
}

describe('sweep of abandoned report photos', () => {
  it('records an upload before its file and deletes both 48 h after the resident quit, not before', async () => {
    const userId = h.newUser('春日 一子');
    await startReport(userId);
    const sentAt = Date.now();
    const { keys } = await sendPhotos(userId, 2);
    const rows = await uploadRows(keys);
    expect(rows.map((row) => row.user_id)).toEqual([userId, userId]);
    for (const row of rows) {
      expect(Math.abs(new Date(row.stored_at).getTime() - sentAt)).toBeLessThan(10 * 60_000);
    }
    expect(keys.every(hasFile)).toBe(true);
    await say(userId, 'キャンセル');
    expect(await statePhotos(userId)).toEqual([]);

    await h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(later(47));
    expect(keys.every(hasFile)).toBe(true);
    expect(await uploadRows(keys)).toHaveLength(2);

    // runOnce() without a time reads the app clock.
    shift = 49 * HOUR;
    const swept = await h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce();
    expect(swept.deleted).toBeGreaterThanOrEqual(2);
    expect(swept.failed).toBe(0);
    expect(keys.some(hasFile)).toBe(false);
    expect(await uploadRows(keys)).toEqual([]);
  });

  it("never deletes a submitted report's photos, nor a supporter's; drops only their records", async () => {
    const reporter = h.newUser('春日 二子');
    await startReport(reporter);
    const { keys: reported, last } = await sendPhotos(reporter, 2);
    await tap(reporter, quick(last, r('photos.done')));
    const comment = await place(reporter, ELSEWHERE);
    const confirm = await tap(reporter, quick(comment, r('comment.skip')));
    const done = await tap(
      reporter,
      postbacksOf(confirm).find((a) => a.label === r('confirm.submit'))?.data ?? '',
    );
    const number = /R\d+/.exec(textsOf(done))?.[0] ?? '';
    expect(number).not.toBe('');

    // "Me too" with two photos: the report takes the first, the second is abandoned.
    const supporter = h.newUser('春日 三子');
    await startReport(supporter);
    const { keys: supporting, last: sent } = await sendPhotos(supporter, 2);
    await tap(supporter, quick(sent, r('photos.done')));
    const nearby = await place(supporter, ELSEWHERE);
    await tap(supporter, quick(nearby, r('nearby.meToo', { number })));
    const owned = await h.query<{ photo_key: string }>(
      'SELECT p.photo_key FROM report_photos p JOIN reports r ON r.id = p.report_id WHERE r.number = $1',
      [number],
    );
    const [kept, abandoned] = supporting;
    expect(owned.map((row) => row.photo_key).sort()).toEqual([...reported, kept].sort());

    await h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(later(49));
    expect(reported.every(hasFile)).toBe(true);
    expect(hasFile(kept ?? '')).toBe(true);
    expect(hasFile(abandoned ?? '')).toBe(false);
    expect(await uploadRows([...reported, ...supporting])).toEqual([]);
    const stored = await createPhotoStore({ dataDir: h.db.dataDir, photoStore: { kind: 'fs' } }).get(
      reported[0] ?? '',
    );
    expect(stored?.contentType).toBe('image/jpeg');
  });

  it('keeps the photos a live conversation holds, past 48 h, and only those', async () => {
    const userId = h.newUser('春日 四子');
    await startReport(userId);
    const { keys: first } = await sendPhotos(userId, 1);
    // Starting over replaces the conversation: the first photo is no longer held by anything.
    await startReport(userId);
    const { keys: second } = await sendPhotos(userId, 1);
    // The resident kept the flow going (every step renews its 24 h): live until 60 h from now.
    await h.query('UPDATE conversation_states SET expires_at = $2 WHERE user_id = $1', [userId, later(60)]);

    await h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(later(49));
    expect(hasFile(first[0] ?? '')).toBe(false);
    expect(hasFile(second[0] ?? '')).toBe(true);
    expect((await uploadRows(second)).map((row) => row.photo_key)).toEqual(second);

    // Once the conversation has lapsed, its photos go too.
    await h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(later(61));
    expect(hasFile(second[0] ?? '')).toBe(false);
    expect(await uploadRows([...first, ...second])).toEqual([]);
  });

  it('is harmless run concurrently, in small batches, and twice; a missing file is fine', async () => {
    const keys: string[] = [];
    for (const name of ['春日 五子', '春日 六子', '春日 七子']) {
      const userId = h.newUser(name);
      await startReport(userId);
      keys.push(...(await sendPhotos(userId, 2)).keys);
      await say(userId, 'キャンセル');
    }
    // Someone already removed one file by hand: the sweep still clears its record.
    const store = createPhotoStore({ dataDir: h.db.dataDir, photoStore: { kind: 'fs' } });
    await store.delete(keys[0] ?? '');
    const at = later(49);
    const [before] = await h.query<{ n: number }>('SELECT count(*)::int AS n FROM report_photo_uploads');

    const small = createPhotoSweepLoop(
      { pool: h.app.services.pool, log: h.app.log, store },
      { pollMs: 60_000, batchSize: 1 },
    );
    const results: PhotoSweepResult[] = await Promise.all([
      h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(at),
      h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(at),
      small.runOnce(at),
    ]);
    const [after] = await h.query<{ n: number }>('SELECT count(*)::int AS n FROM report_photo_uploads');
    const swept = results.reduce((sum, result) => sum + result.deleted + result.owned, 0);
    expect(results.every((result) => result.failed === 0)).toBe(true);
    expect(swept).toBe((before?.n ?? 0) - (after?.n ?? 0));
    expect(swept).toBeGreaterThanOrEqual(keys.length);
    expect(keys.some(hasFile)).toBe(false);
    expect(await uploadRows(keys)).toEqual([]);

    expect(await h.app.jobs.get<PhotoSweepResult>('reports.photo-sweep').runOnce(at)).toEqual({
      deleted: 0,
      owned: 0,
      failed: 0,
    });
  });

  it('sent nothing LINE rejected', () => {
    expect(h.emulator.rejected).toEqual([]);
  });
});
