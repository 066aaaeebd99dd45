// Writes imported shelters in one transaction: each file replaces the shelters of its kind (new ones added,
// known ones updated with their status kept, missing ones withdrawn), so an import is whole or not at all.
// The city's files shipped in ../data are imported when the table is empty (the first start).
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { type Queryable, transact } from '../../../db/transact.ts';
import type { ShelterKind } from './gsi-format.ts';
import { parseShelterFile, ShelterImportError, type ShelterRow } from './parse.ts';

export interface ImportResult {
  added: number;
  updated: number;
  withdrawn: number;
  byKind: Partial<Record<ShelterKind, number>>;
}

export interface ShelterFile {
  name: string;
  bytes: Uint8Array;
}

/** Parses every file first (all problems of all files refuse the import) and checks ids across files. */
export function parseShelterFiles(files: readonly ShelterFile[]): ShelterRow[] {
  const rows: ShelterRow[] = [];
  const problems: ShelterImportError['problems'][number][] = [];
  for (const file of files) {
    try {
      rows.push(...parseShelterFile(file.name, file.bytes));
    } catch (error) {
      if (!(error instanceof ShelterImportError)) throw error;
      problems.push(...error.problems);
    }
  }
  const kinds = new Map<ShelterKind, string>();
  for (const file of files) {
    const kind = rows.find((row) => row.source === file.name)?.kind;
    if (!kind) continue;
    const other = kinds.get(kind);
    if (other) {
      problems.push({ file: file.name, row: null, column: null, message: `holds the same kind as ${other}` });
    }
    kinds.set(kind, file.name);
  }
  const ids = new Map<string, string>();
  for (const row of rows) {
    const other = ids.get(row.id);
    if (other !== undefined && other !== row.source) {
      problems.push({
        file: row.source,
        row: null,
        column: '共通ID',
        message: `"${row.id}" is also in ${other}`,
      });
    }
    ids.set(row.id, row.source);
  }
  if (problems.length > 0) throw new ShelterImportError(problems);
  return rows;
}

/** Upserts `rows` and withdraws the shelters of the same kinds they leave out, inside the caller's transaction. */
export async function writeShelters(
  tx: Queryable,
  rows: readonly ShelterRow[],
  at: Date,
): Promise<ImportResult> {
  const kinds = [...new Set(rows.map((row) => row.kind))];
  const { rows: written } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO bousai_shelters AS s
       (id, site, kind, name, address, latitude, longitude, hazards, for_care, note, source, imported_at)
     SELECT r.id, r.site, r.kind, r.name, r.address, r.latitude, r.longitude,
            ARRAY(SELECT jsonb_array_elements_text(r.hazards)), r.for_care, r.note, r.source, $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, site text, kind text, name text, address text,
            latitude double precision, longitude double precision, hazards jsonb, for_care boolean, note text,
            source text)
     ON CONFLICT (id) DO UPDATE SET
       site = EXCLUDED.site, kind = EXCLUDED.kind, name = EXCLUDED.name, address = EXCLUDED.address,
       latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, hazards = EXCLUDED.hazards,
       for_care = EXCLUDED.for_care, note = EXCLUDED.note, source = EXCLUDED.source,
       imported_at = EXCLUDED.imported_at, withdrawn = false
     RETURNING (xmax = 0) AS inserted`,
    [
      JSON.stringify(
        rows.map((row) => ({
          id: row.id,
          site: row.site,
          kind: row.kind,
          name: row.name,
          address: row.address,
          latitude: row.latitude,
          longitude: row.longitude,
          hazards: row.hazards,
          for_care: row.forCare,
          note: row.note,
          source: row.source.slice(-200),
        })),
      ),
      at,
    ],
  );
  const withdrawn = await tx.query(
    `UPDATE bousai_shelters SET withdrawn = true
      WHERE kind = ANY($1::text[]) AND NOT withdrawn AND NOT (id = ANY($2::text[]))`,
    [kinds, rows.map((row) => row.id)],
  );
  const added = written.filter((row) => row.inserted).length;
  const byKind: ImportResult['byKind'] = {};
  for (const row of rows) byKind[row.kind] = (byKind[row.kind] ?? 0) + 1;
  return { added, updated: written.length - added, withdrawn: withdrawn.rowCount ?? 0, byKind };
}

/** Parses and writes `files` in one transaction. Throws ShelterImportError (nothing written) for a bad file. */
export async function importShelters(
  pool: pg.Pool,
  files: readonly ShelterFile[],
  at: Date,
): Promise<ImportResult> {
  const rows = parseShelterFiles(files);
  return transact(pool, (tx) => writeShelters(tx, rows, at));
}

/** The city's files shipped with the platform (see ../data/README.md for their source and licence). */
export const DEFAULT_SHELTER_FILES = [
  new URL('../data/kasuga-402184-shitei-hinanjo.geojson', import.meta.url),
  new URL('../data/kasuga-402184-shitei-kinkyu-hinan-basho.geojson', import.meta.url),
];

export function readDefaultShelterFiles(): ShelterFile[] {
  return DEFAULT_SHELTER_FILES.map((url) => ({
    name: url.pathname.slice(url.pathname.lastIndexOf('/') + 1),
    bytes: readFileSync(url),
  }));
}

// Any constant shared by every instance: the first start of two instances imports the defaults once.
const SEED_LOCK_KEY = 402_184_023;

/** Imports the shipped files when no shelter is known yet; false when there were shelters already. */
export async function seedDefaultShelters(pool: pg.Pool, at: Date): Promise<boolean> {
  return transact(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const { rows: any } = await tx.query('SELECT 1 FROM bousai_shelters LIMIT 1');
    if (any.length > 0) return false;
    // Read and parsed only for a database without shelters: not on every start.
    await writeShelters(tx, parseShelterFiles(readDefaultShelterFiles()), at);
    return true;
  });
}
