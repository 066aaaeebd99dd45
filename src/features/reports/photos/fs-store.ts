// PhotoStore on the local filesystem: <root>/<first two key chars>/<key>.<ext>, written atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  assertPhotoKey,
  isPhotoContentType,
  PHOTO_CONTENT_TYPES,
  type PhotoContentType,
  type PhotoStore,
  type StoredPhoto,
} from './store.ts';

export interface FsPhotoStoreOptions {
  /** Usually <DATA_DIR>/photos; created when missing. */
  root: string;
  /** Test seam: runs after the temporary file is written and synced, before it is renamed into place. */
  beforeRename?: (tempPath: string) => Promise<void>;
}

const ENTRIES = Object.entries(PHOTO_CONTENT_TYPES) as [PhotoContentType, string][];

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/** Makes a directory entry (the rename) survive a power cut; not every platform can open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory; the rename itself is still atomic there.
  }
}

export function createFsPhotoStore(options: FsPhotoStoreOptions): PhotoStore {
  const root = path.resolve(options.root);

  const shardOf = (key: string): string => {
    assertPhotoKey(key);
    const dir = path.join(root, key.slice(0, 2));
    // Keys are hex only, so this cannot fail; it stays as a second lock on the door.
    if (path.dirname(dir) !== root) throw new Error('photo path escaped the store root');
    return dir;
  };

  return {
    async put(key, bytes, contentType) {
      const dir = shardOf(key);
      if (!isPhotoContentType(contentType))
        throw new Error(`photo store: unsupported content type ${contentType}`);
      await mkdir(dir, { recursive: true });
      const target = path.join(dir, `${key}.${PHOTO_CONTENT_TYPES[contentType]}`);
      // Same directory as the target, so the rename is atomic; a leading dot and .tmp: never read as a photo.
      const temp = path.join(dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(temp, 'wx', 0o640);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await options.beforeRename?.(temp);
        await rename(temp, target);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncDirectory(dir);
    },

    async get(key): Promise<StoredPhoto | null> {
      const dir = shardOf(key);
      for (const [contentType, extension] of ENTRIES) {
        try {
          return { bytes: await readFile(path.join(dir, `${key}.${extension}`)), contentType };
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      return null;
    },

    async delete(key) {
      const dir = shardOf(key);
      for (const [, extension] of ENTRIES) {
        await unlink(path.join(dir, `${key}.${extension}`)).catch((error: unknown) => {
          if (!isMissing(error)) throw error;
        });
      }
    },
  };
}
