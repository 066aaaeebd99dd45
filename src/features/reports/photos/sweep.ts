// Deletes photos of abandoned reports: uploads older than the retention whose key no report owns and no live
// conversation holds lose their file, then their row; the rows of photos a report owns are simply dropped.
// Rows are claimed with FOR UPDATE SKIP LOCKED and held until the files are gone, so instances never overlap.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { transact } from '../../../db/transact.ts';
import { createPollingLoop, type PollingLoop } from '../../../jobs/polling-loop.ts';
import type { PhotoStore } from './store.ts';

/** Longer than the report flow's 24-hour time to live: a photo of a flow still running is never due. */
export const PHOTO_RETENTION_MS = 48 * 60 * 60 * 1000;

/**
 * A conversation counts as live for this long after it expired: a report submitted at the very moment its
 * conversation lapses (instances' clocks differ a little) must not lose a photo the sweep is deleting.
 */
const EXPIRY_MARGIN_MS = 60 * 60 * 1000;

/** Files deleted at once: enough to hide an S3 round trip, few enough not to flood the store. */
const PARALLEL_DELETES = 8;

export interface PhotoSweepResult {
  /** Abandoned photos whose file (and record) was deleted. */
  deleted: number;
  /** Records dropped because a report owns the photo now. */
  owned: number;
  /** Files the store failed to delete: their records stay for a later round. */
  failed: number;
}

export interface PhotoSweepServices {
  pool: pg.Pool;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
  store: PhotoStore;
}

export interface PhotoSweepOptions {
  /** How often to sweep. */
  pollMs: number;
  now?: (() => Date) | undefined;
  retentionMs?: number;
  /** Records claimed per transaction. */
  batchSize?: number;
}

/** Sweeps the photo uploads due at a moment. */
export type PhotoSweepLoop = PollingLoop<PhotoSweepResult>;

// Due: stored before the cutoff and not in a conversation that has not expired (a resident may keep a flow
// alive past the retention by going on with it). The user's state is found by its primary key; `?` asks
// whether the jsonb array of photo keys holds this one.
const CLAIM_DUE = `
  SELECT u.photo_key, EXISTS (SELECT 1 FROM report_photos p WHERE p.photo_key = u.photo_key) AS owned
    FROM report_photo_uploads u
   WHERE u.stored_at < $1
     AND NOT EXISTS (
       SELECT 1 FROM conversation_states s
        WHERE s.user_id = u.user_id AND s.expires_at > $2 AND s.data -> 'photos' ? u.photo_key)
   ORDER BY u.stored_at, u.photo_key
   LIMIT $3
   FOR UPDATE OF u SKIP LOCKED`;

/** Deletes the files first (a missing one is fine), then the records of those that went; returns the keys that failed. */
async function deleteFiles(
  store: PhotoStore,
  keys: string[],
  log: PhotoSweepServices['log'],
): Promise<Set<string>> {
  const failed = new Set<string>();
  for (let i = 0; i < keys.length; i += PARALLEL_DELETES) {
    const chunk = keys.slice(i, i + PARALLEL_DELETES);
    const results = await Promise.allSettled(chunk.map((key) => store.delete(key)));
    results.forEach((result, j) => {
      const key = chunk[j];
      if (result.status === 'rejected' && key) {
        failed.add(key);
        log.warn({ err: result.reason, photoKey: key }, 'abandoned photo not deleted; retrying later');
      }
    });
  }
  return failed;
}

/** One batch in one transaction: claims up to `limit` due records, deletes their files, then the records. */
export async function sweepPhotoBatch(
  services: PhotoSweepServices,
  now: Date,
  options: { retentionMs?: number; limit?: number } = {},
): Promise<PhotoSweepResult & { claimed: number }> {
  const cutoff = new Date(now.getTime() - (options.retentionMs ?? PHOTO_RETENTION_MS));
  return transact(services.pool, async (tx) => {
    const claimed = await tx.query<{ photo_key: string; owned: boolean }>(CLAIM_DUE, [
      cutoff,
      new Date(now.getTime() - EXPIRY_MARGIN_MS),
      options.limit ?? 200,
    ]);
    const abandoned = claimed.rows.filter((row) => !row.owned).map((row) => row.photo_key);
    // The rows stay locked while the files go: a crash here leaves them for the next round, never a lost file.
    const failed = await deleteFiles(services.store, abandoned, services.log);
    const done = claimed.rows.map((row) => row.photo_key).filter((key) => !failed.has(key));
    if (done.length > 0) {
      await tx.query('DELETE FROM report_photo_uploads WHERE photo_key = ANY($1::text[])', [done]);
    }
    return {
      claimed: claimed.rows.length,
      deleted: abandoned.length - failed.size,
      owned: claimed.rows.length - abandoned.length,
      failed: failed.size,
    };
  });
}

export function createPhotoSweepLoop(
  services: PhotoSweepServices,
  options: PhotoSweepOptions,
): PhotoSweepLoop {
  const batchSize = options.batchSize ?? 200;
  return createPollingLoop({
    name: 'sweeping report photos',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      const total: PhotoSweepResult = { deleted: 0, owned: 0, failed: 0 };
      for (;;) {
        const batch = await sweepPhotoBatch(services, now, {
          limit: batchSize,
          ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
        });
        total.deleted += batch.deleted;
        total.owned += batch.owned;
        total.failed += batch.failed;
        // A failing store would hand back the same records again: leave them to the next round.
        if (batch.claimed < batchSize || batch.failed > 0) break;
      }
      if (total.deleted + total.owned + total.failed > 0) {
        services.log.info({ ...total }, 'report photo uploads swept');
      }
      return total;
    },
  });
}
