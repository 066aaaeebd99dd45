// fetchAndStorePhoto against the LINE emulator: content fetched once, cleaned, stored; every failure a reason.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFsPhotoStore,
  type FetchAndStoreResult,
  fetchAndStorePhoto,
  type PhotoStore,
} from '../../src/features/reports/photos/index.ts';
import { createLineClient, type LineClient } from '../../src/line/client/index.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { FIXTURES, fixture, inspectPhoto } from '../fixtures/photos/inspect.ts';
import { KASUGA_GPS } from '../fixtures/photos/make-fixtures.ts';

const TOKEN = 'photo-test-token';
const logs: { level: string; msg: string | undefined; obj: object }[] = [];
const logger = {
  info: (obj: object, msg?: string) => logs.push({ level: 'info', msg, obj }),
  warn: (obj: object, msg?: string) => logs.push({ level: 'warn', msg, obj }),
  error: (obj: object, msg?: string) => logs.push({ level: 'error', msg, obj }),
};

let emu: LineEmulator;
let line: LineClient;
let base: string;
let root: string;
let store: PhotoStore;
let nextId = 1;
const messageId = (): string => `60000000000${nextId++}`;
const contentPath = (id: string): string => `/v2/bot/message/${id}/content`;

beforeAll(async () => {
  emu = await startLineEmulator({ channelAccessToken: TOKEN });
  line = createLineClient({
    channelAccessToken: TOKEN,
    apiBaseUrl: emu.baseUrl,
    dataApiBaseUrl: emu.baseUrl,
    logger,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
});
afterAll(() => emu.close());
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'photo-fetch-'));
  root = path.join(base, 'photos');
  store = createFsPhotoStore({ root });
});
afterEach(async () => {
  expect(emu.rejected).toEqual([]);
  emu.reset();
  logs.length = 0;
  await rm(base, { recursive: true, force: true });
});

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

function stored(result: FetchAndStoreResult): { key: string; width: number; height: number; bytes: number } {
  if (!result.ok) throw new Error(`not stored: ${result.reason}`);
  return result;
}

describe('fetchAndStorePhoto', () => {
  it('stores the resident’s photo without its GPS EXIF (nor any other metadata)', async () => {
    const id = messageId();
    const original = fixture(FIXTURES.gpsLandscape);
    expect((await inspectPhoto(original)).gps?.latitude).toBeCloseTo(KASUGA_GPS.latitude, 3);
    emu.setContent(id, original, 'image/jpeg');

    const result = stored(await fetchAndStorePhoto({ line, store, messageId: id, logger }));
    expect(result).toMatchObject({ width: 320, height: 240 });

    // Read the file itself from disk, not only through the store.
    const files = await storedFiles();
    expect(files).toEqual([path.join(root, result.key.slice(0, 2), `${result.key}.jpg`)]);
    const onDisk = await readFile(files[0] ?? '');
    expect(onDisk.length).toBe(result.bytes);
    expect(await inspectPhoto(onDisk)).toMatchObject({
      format: 'jpeg',
      width: 320,
      height: 240,
      exif: false,
      xmp: false,
      iptc: false,
      icc: false,
      gps: undefined,
      rawMarkers: [],
    });
    expect((await store.get(result.key))?.contentType).toBe('image/jpeg');
    expect(emu.requests.filter((r) => r.path === contentPath(id))).toHaveLength(1);
  });

  it('stores the photo upright, whatever content type LINE declared', async () => {
    const id = messageId();
    emu.setContent(id, fixture(FIXTURES.gpsRotated), 'application/octet-stream');
    const result = stored(await fetchAndStorePhoto({ line, store, messageId: id }));
    expect([result.width, result.height]).toEqual([40, 60]);
    const photo = await store.get(result.key);
    expect(await inspectPhoto(photo?.bytes ?? Buffer.alloc(0))).toMatchObject({
      width: 40,
      height: 60,
      orientation: undefined,
      gps: undefined,
    });
  });

  it('rides out a 500 from LINE: the client’s retry gets the photo', async () => {
    const id = messageId();
    emu.setContent(id, fixture(FIXTURES.gpsLandscape), 'image/jpeg');
    emu.failNext({ method: 'GET', path: contentPath(id), status: 500 });
    const result = await fetchAndStorePhoto({ line, store, messageId: id, logger });
    expect(result.ok).toBe(true);
    expect(emu.requests.filter((r) => r.path === contentPath(id)).map((r) => r.status)).toEqual([500, 200]);
    expect(await storedFiles()).toHaveLength(1);
  });

  it('answers download_failed when LINE keeps failing, storing nothing', async () => {
    const id = messageId();
    emu.setContent(id, fixture(FIXTURES.gpsLandscape), 'image/jpeg');
    emu.failNext({ method: 'GET', path: contentPath(id), status: 500, times: 5 });
    expect(await fetchAndStorePhoto({ line, store, messageId: id, logger })).toEqual({
      ok: false,
      reason: 'download_failed',
    });
    expect(emu.requests.filter((r) => r.path === contentPath(id))).toHaveLength(3);
    expect(await storedFiles()).toEqual([]);
    expect(logs.some((l) => l.level === 'warn' && l.msg === 'photo download from LINE failed')).toBe(true);
  });

  it('answers gone for content LINE no longer has (404) or that was unsent (410)', async () => {
    expect(await fetchAndStorePhoto({ line, store, messageId: messageId() })).toEqual({
      ok: false,
      reason: 'gone',
    });
    const unsent = messageId();
    emu.setContent(unsent, fixture(FIXTURES.gpsLandscape), 'image/jpeg');
    emu.failNext({ method: 'GET', path: contentPath(unsent), status: 410 });
    expect(await fetchAndStorePhoto({ line, store, messageId: unsent })).toEqual({
      ok: false,
      reason: 'gone',
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('answers not_an_image for a text file sent as a .jpg', async () => {
    const id = messageId();
    emu.setContent(id, fixture(FIXTURES.notAnImage), 'image/jpeg');
    expect(await fetchAndStorePhoto({ line, store, messageId: id, logger })).toEqual({
      ok: false,
      reason: 'not_an_image',
    });
    expect(await storedFiles()).toEqual([]);
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'photo refused',
        obj: expect.objectContaining({ reason: 'not_an_image' }),
      }),
    );
  });

  it('answers too_large for an image over 50 megapixels', async () => {
    const id = messageId();
    emu.setContent(id, fixture(FIXTURES.oversized), 'image/png');
    expect(await fetchAndStorePhoto({ line, store, messageId: id })).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(await storedFiles()).toEqual([]);
  });

  it('throws when the store itself fails: the server’s problem, so the event is retried', async () => {
    const id = messageId();
    emu.setContent(id, fixture(FIXTURES.gpsLandscape), 'image/jpeg');
    const broken: PhotoStore = {
      put: () => Promise.reject(new Error('disk full')),
      get: () => Promise.resolve(null),
      delete: () => Promise.resolve(),
    };
    await expect(fetchAndStorePhoto({ line, store: broken, messageId: id })).rejects.toThrow('disk full');
  });

  it('gives every stored photo its own key', async () => {
    const ids = [messageId(), messageId(), messageId()];
    for (const id of ids) emu.setContent(id, fixture(FIXTURES.gpsLandscape), 'image/jpeg');
    const results = await Promise.all(ids.map((id) => fetchAndStorePhoto({ line, store, messageId: id })));
    const keys = results.map((result) => stored(result).key);
    expect(new Set(keys).size).toBe(3);
    expect(await storedFiles()).toHaveLength(3);
  });
});
