// The filesystem photo store: round trips, atomic replacement (temp file + rename), and no way out of its root.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFsPhotoStore,
  InvalidPhotoKeyError,
  isPhotoKey,
  newPhotoKey,
} from '../../src/features/reports/photos/index.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';

let base: string;
let root: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'photo-fs-'));
  root = path.join(base, 'photos');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Every file under a directory, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('keys', () => {
  it('are 128-bit random hex, different every time', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newPhotoKey()));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(isPhotoKey(key)).toBe(true);
  });
});

describe('createFsPhotoStore', () => {
  it('stores, reads back and deletes a photo with its content type', async () => {
    const store = createFsPhotoStore({ root });
    const key = newPhotoKey();
    const jpeg = fixture(FIXTURES.gpsLandscape);
    await store.put(key, jpeg, 'image/jpeg');
    expect(await listFiles(root)).toEqual([path.join(key.slice(0, 2), `${key}.jpg`)]);
    const stored = await store.get(key);
    expect(stored?.contentType).toBe('image/jpeg');
    expect(stored?.bytes.equals(jpeg)).toBe(true);

    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await store.delete(key); // deleting again is fine
    expect(await listFiles(root)).toEqual([]);
  });

  it('answers null for a key never stored', async () => {
    expect(await createFsPhotoStore({ root }).get(newPhotoKey())).toBeNull();
  });

  it('keeps PNG and WebP under their own extensions and refuses other content types', async () => {
    const store = createFsPhotoStore({ root });
    const png = newPhotoKey();
    await store.put(png, fixture(FIXTURES.transparentPng), 'image/png');
    expect((await store.get(png))?.contentType).toBe('image/png');
    await expect(store.put(newPhotoKey(), Buffer.from('<svg/>'), 'image/svg+xml')).rejects.toThrow(
      /unsupported content type/,
    );
    expect(await listFiles(root)).toEqual([path.join(png.slice(0, 2), `${png}.png`)]);
  });

  it('writes privately: the file is not world-readable', async () => {
    const store = createFsPhotoStore({ root });
    const key = newPhotoKey();
    await store.put(key, Buffer.from([1, 2, 3]), 'image/jpeg');
    const mode = (await stat(path.join(root, key.slice(0, 2), `${key}.jpg`))).mode;
    expect(mode & 0o007).toBe(0);
  });

  describe('atomic writes', () => {
    it('shows nothing under the key until the whole file is renamed into place', async () => {
      const key = newPhotoKey();
      let seenDuringWrite: unknown = 'not called';
      let tempSeen: string[] = [];
      const store = createFsPhotoStore({
        root,
        beforeRename: async (tempPath) => {
          // The bytes are all written and synced, yet readers still see no photo.
          seenDuringWrite = await store.get(key);
          tempSeen = await listFiles(root);
          expect((await readFile(tempPath)).length).toBe(5000);
        },
      });
      await store.put(key, Buffer.alloc(5000, 7), 'image/jpeg');
      expect(seenDuringWrite).toBeNull();
      expect(tempSeen).toHaveLength(1);
      expect(path.basename(tempSeen[0] ?? '')).toMatch(new RegExp(`^\\.${key}\\.[0-9a-f]{12}\\.tmp$`));
      expect((await store.get(key))?.bytes.length).toBe(5000);
      expect(await listFiles(root)).toEqual([path.join(key.slice(0, 2), `${key}.jpg`)]);
    });

    it('keeps the old photo whole when replacing it fails half-way, and leaves no temp file', async () => {
      const key = newPhotoKey();
      await createFsPhotoStore({ root }).put(key, Buffer.from('old photo'), 'image/jpeg');
      const failing = createFsPhotoStore({
        root,
        beforeRename: async () => {
          throw new Error('disk pulled out');
        },
      });
      await expect(failing.put(key, Buffer.from('new photo'), 'image/jpeg')).rejects.toThrow(
        'disk pulled out',
      );
      expect((await failing.get(key))?.bytes.toString()).toBe('old photo');
      expect(await listFiles(root)).toEqual([path.join(key.slice(0, 2), `${key}.jpg`)]);
    });

    it('lets readers see the old or the new photo whole while many writes race', async () => {
      const store = createFsPhotoStore({ root });
      const key = newPhotoKey();
      const versions = [Buffer.alloc(200_000, 1), Buffer.alloc(300_000, 2), Buffer.alloc(100_000, 3)];
      await store.put(key, versions[0] ?? Buffer.alloc(0), 'image/jpeg');
      const writes = Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.put(key, versions[i % 3] ?? Buffer.alloc(0), 'image/jpeg'),
        ),
      );
      const reads: Buffer[] = [];
      let done = false;
      void writes.then(() => {
        done = true;
      });
      while (!done) {
        const photo = await store.get(key);
        if (photo) reads.push(photo.bytes);
      }
      await writes;
      expect(reads.length).toBeGreaterThan(0);
      for (const bytes of reads) expect(versions.some((version) => version.equals(bytes))).toBe(true);
      expect(await listFiles(root)).toEqual([path.join(key.slice(0, 2), `${key}.jpg`)]);
    });
  });

  describe('no way out of the root', () => {
    const bad = [
      '../outside',
      '../../etc/passwd',
      '/etc/passwd',
      'ab/../../x',
      '..',
      '',
      'ABCDEF0123456789ABCDEF0123456789', // upper case is not a key this store made
      `${'a'.repeat(31)}/`,
      `${'a'.repeat(32)}\0`,
      `${'a'.repeat(32)}.jpg`,
      '..%2f..%2fetc%2fpasswd',
    ];

    it.each(bad)('refuses the key %j for put, get and delete', async (key) => {
      const store = createFsPhotoStore({ root });
      await expect(store.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toBeInstanceOf(
        InvalidPhotoKeyError,
      );
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidPhotoKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidPhotoKeyError);
    });

    it('touched nothing outside (or inside) the root for any of them', async () => {
      const store = createFsPhotoStore({ root });
      const outsider = path.join(base, 'outside.jpg');
      await writeFile(outsider, 'keep me');
      for (const key of bad) {
        await store.put(key, Buffer.from('x'), 'image/jpeg').catch(() => undefined);
        await store.delete(key).catch(() => undefined);
      }
      expect(await listFiles(base)).toEqual(['outside.jpg']);
      expect(await readFile(outsider, 'utf8')).toBe('keep me');
    });
  });
});
