// The dataset in force: the files staff imported (one row, versioned) or, before any import, the shipped
// sample. Each app instance keeps the parsed dataset of the version it last read, so an import on one instance
// is seen by the others at their next read. An import replaces the files in one statement: all or nothing.
import type pg from 'pg';
import type { Queryable } from '../../../db/transact.ts';
import { parseDataset } from './parse.ts';
import { readDatasetFiles, sampleDataset } from './sample.ts';
import { DATASET_FILES, type DatasetFileName, type DatasetFiles, type GomiDataset } from './types.ts';

export interface DatasetStore {
  /** The dataset in force now. */
  current(): Promise<GomiDataset>;
  /** The files in force (imported, or the sample's). */
  files(): Promise<{ version: number; files: DatasetFiles }>;
  /**
   * Checks the given files together with the others in force and, when all are valid, makes them the dataset;
   * throws GomiDataError (nothing changed) otherwise. Returns the new version.
   */
  import(
    given: Partial<DatasetFiles>,
    staffId: number | null,
  ): Promise<{ version: number; dataset: GomiDataset }>;
}

function isFiles(value: unknown): value is DatasetFiles {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return DATASET_FILES.every((name) => typeof record[name] === 'string');
}

async function readRow(db: Queryable): Promise<{ version: number; files: DatasetFiles } | null> {
  const { rows } = await db.query<{ version: string; files: unknown }>(
    'SELECT version::text, files FROM gomi_dataset WHERE id = 1',
  );
  const row = rows[0];
  if (!row || !isFiles(row.files)) return null;
  return { version: Number(row.version), files: row.files };
}

export function createDatasetStore(pool: pg.Pool): DatasetStore {
  let cached: { version: number; dataset: GomiDataset } | null = null;

  async function files(): Promise<{ version: number; files: DatasetFiles }> {
    return (await readRow(pool)) ?? { version: 0, files: readDatasetFiles() };
  }

  return {
    async current() {
      const { rows } = await pool.query<{ version: string }>(
        'SELECT version::text FROM gomi_dataset WHERE id = 1',
      );
      const version = rows[0] ? Number(rows[0].version) : 0;
      if (version === 0) return sampleDataset();
      if (cached?.version === version) return cached.dataset;
      const row = await readRow(pool);
      if (!row) return sampleDataset();
      // Stored files were valid when imported; a parse error here (an older file a newer rule refuses) throws.
      cached = { version: row.version, dataset: parseDataset(row.files) };
      return cached.dataset;
    },
    files,
    async import(given, staffId) {
      const base = await files();
      const merged = { ...base.files } as DatasetFiles;
      for (const name of Object.keys(given) as DatasetFileName[]) {
        const text = given[name];
        if (typeof text === 'string') merged[name] = text;
      }
      const dataset = parseDataset(merged);
      const { rows } = await pool.query<{ version: string }>(
        `INSERT INTO gomi_dataset (id, version, files, imported_by) VALUES (1, 1, $1, $2)
         ON CONFLICT (id) DO UPDATE
           SET version = gomi_dataset.version + 1, files = EXCLUDED.files, imported_at = now(),
               imported_by = EXCLUDED.imported_by
         RETURNING version::text`,
        [JSON.stringify(merged), staffId],
      );
      const version = Number(rows[0]?.version ?? 1);
      cached = { version, dataset };
      return { version, dataset };
    },
  };
}
