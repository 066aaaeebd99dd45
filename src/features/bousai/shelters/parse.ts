// Reads one file of the national shelter data (CSV in UTF-8 or Shift_JIS, or GeoJSON) into rows, checking
// every row: a bad file is refused with each problem named by row and column, and nothing is taken from it.
import { parse as parseCsv } from 'csv-parse/sync';
import { COLUMNS, HAZARD_COLUMNS, HAZARDS, type Hazard, type ShelterKind, siteOf } from './gsi-format.ts';

export interface ShelterRow {
  id: string;
  site: string;
  kind: ShelterKind;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  hazards: Hazard[];
  forCare: boolean;
  note: string;
  /** The file it came from. */
  source: string;
}

export interface ImportProblem {
  file: string;
  /** 1-based: the CSV line (the header is line 1) or the GeoJSON feature's position. */
  row: number | null;
  column: string | null;
  message: string;
}

export class ShelterImportError extends Error {
  readonly code = 'SHELTER_IMPORT';
  readonly problems: readonly ImportProblem[];

  constructor(problems: readonly ImportProblem[]) {
    const shown = problems.slice(0, 20).map(describeProblem);
    const more = problems.length > shown.length ? [`… and ${problems.length - shown.length} more`] : [];
    super(`shelter data refused, nothing imported:\n${[...shown, ...more].join('\n')}`);
    this.problems = problems;
  }
}

export function describeProblem(problem: ImportProblem): string {
  const where = [
    problem.file,
    problem.row === null ? null : `row ${problem.row}`,
    problem.column === null ? null : `column 「${problem.column}」`,
  ].filter(Boolean);
  return `${where.join(', ')}: ${problem.message}`;
}

const MAX_ROWS = 20_000;
const ID = /^[A-Za-z0-9_-]{1,40}$/;
const TRUE_FLAGS = new Set(['1', '○', '◯', '〇']);
const FALSE_FLAGS = new Set(['', '0']);

/** UTF-8 (a BOM is dropped) unless the bytes are not valid UTF-8: then Shift_JIS, as older exports are. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

const fold = (text: string) => text.normalize('NFKC').trim();

type Cell = string | number | null | undefined;
type Record = ReadonlyMap<string, Cell>;

/** A file's kind from its columns: hazard flags make it 指定緊急避難場所, 受入対象者 指定避難所. */
function kindOf(columns: ReadonlySet<string>): ShelterKind | { missing: string[] } | null {
  const hazardColumns = HAZARDS.map((hazard) => fold(HAZARD_COLUMNS[hazard]));
  const present = hazardColumns.filter((column) => columns.has(column));
  if (present.length > 0) {
    const missing = hazardColumns.filter((column) => !columns.has(column));
    return missing.length === 0 ? 'evacuation_site' : { missing };
  }
  if (columns.has(fold(COLUMNS.target)) || columns.has(fold(COLUMNS.sameAsEvacuationSite))) return 'shelter';
  return null;
}

function text(value: Cell): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

function rowOf(
  record: Record,
  kind: ShelterKind,
  position: { latitude: Cell; longitude: Cell },
  problem: (column: string | null, message: string) => void,
  source: string,
): ShelterRow | null {
  let found = 0;
  const report = (column: string | null, message: string) => {
    found++;
    problem(column, message);
  };
  const id = text(record.get(fold(COLUMNS.id)));
  if (!ID.test(id)) report(COLUMNS.id, id ? `"${id}" is not a 共通ID (letters, digits, - or _)` : 'is empty');
  const name = text(record.get(fold(COLUMNS.name)));
  if (name.length === 0 || name.length > 200)
    report(COLUMNS.name, name ? 'is over 200 characters' : 'is empty');
  const address = text(record.get(fold(COLUMNS.address)));
  if (address.length > 300) report(COLUMNS.address, 'is over 300 characters');
  const note = text(record.get(fold(COLUMNS.note))).slice(0, 500);
  const coordinate = (value: Cell, column: string, min: number, max: number): number => {
    const raw = text(value);
    const number = raw === '' ? Number.NaN : Number(raw);
    // Japan lies within these bounds: a swapped or mistyped coordinate falls outside them.
    if (!Number.isFinite(number) || number < min || number > max) {
      report(column, raw ? `"${raw}" is not a ${column} in Japan (${min}–${max})` : 'is empty');
    }
    return number;
  };
  const latitude = coordinate(position.latitude, COLUMNS.latitude, 20, 46);
  const longitude = coordinate(position.longitude, COLUMNS.longitude, 122, 154);
  const hazards: Hazard[] = [];
  if (kind === 'evacuation_site') {
    for (const hazard of HAZARDS) {
      const column = HAZARD_COLUMNS[hazard];
      const flag = fold(text(record.get(fold(column))));
      if (TRUE_FLAGS.has(flag)) hazards.push(hazard);
      else if (!FALSE_FLAGS.has(flag)) report(column, `"${flag}" is not a flag (1 or empty)`);
    }
  }
  const forCare = kind === 'shelter' && fold(text(record.get(fold(COLUMNS.target)))) === '要配慮者';
  if (found > 0) return null;
  return { id, site: siteOf(id), kind, name, address, latitude, longitude, hazards, forCare, note, source };
}

function checkKind(columns: Set<string>, file: string): ShelterKind {
  const kind = kindOf(columns);
  if (kind === null) {
    throw new ShelterImportError([
      {
        file,
        row: 1,
        column: null,
        message:
          'is neither a 指定緊急避難場所 file (hazard columns 洪水, 地震 …) nor a 指定避難所 file (受入対象者)',
      },
    ]);
  }
  if (typeof kind === 'object') {
    throw new ShelterImportError(
      kind.missing.map((column) => ({
        file,
        row: 1,
        column,
        message: 'is missing (every hazard column is needed)',
      })),
    );
  }
  const required = [COLUMNS.id, COLUMNS.name, COLUMNS.address];
  const missing = required.filter((column) => !columns.has(fold(column)));
  if (missing.length > 0) {
    throw new ShelterImportError(missing.map((column) => ({ file, row: 1, column, message: 'is missing' })));
  }
  return kind;
}

function parseCsvText(content: string, file: string): ShelterRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with the line it started on (the types do not follow that option).
    records = parseCsv(content, {
      bom: true,
      info: true,
      relax_column_count: false,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    const { lines } = error as { lines?: number };
    throw new ShelterImportError([
      { file, row: lines ?? null, column: null, message: `is not valid CSV (${(error as Error).message})` },
    ]);
  }
  const [header, ...body] = records;
  if (!header) throw new ShelterImportError([{ file, row: null, column: null, message: 'is empty' }]);
  const names = header.record.map(fold);
  const columns = new Set(names);
  const kind = checkKind(columns, file);
  for (const column of [COLUMNS.latitude, COLUMNS.longitude]) {
    if (!columns.has(column)) {
      throw new ShelterImportError([{ file, row: 1, column, message: 'is missing' }]);
    }
  }
  return collect(file, body.length, (push, problem) => {
    for (const { record, info } of body) {
      const map = new Map(names.map((name, i) => [name, record[i]]));
      const row = rowOf(
        map,
        kind,
        { latitude: map.get(COLUMNS.latitude), longitude: map.get(COLUMNS.longitude) },
        (column, message) => problem({ file, row: info.lines, column, message }),
        file,
      );
      if (row) push(row, info.lines);
    }
  });
}

interface GeoFeature {
  geometry?: { type?: unknown; coordinates?: unknown } | null;
  properties?: { [key: string]: unknown } | null;
}

function parseGeoJson(content: string, file: string): ShelterRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ShelterImportError([
      { file, row: null, column: null, message: `is not valid JSON (${(error as Error).message})` },
    ]);
  }
  const collection = parsed as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new ShelterImportError([
      { file, row: null, column: null, message: 'is not a GeoJSON FeatureCollection' },
    ]);
  }
  const features = collection.features as GeoFeature[];
  const columns = new Set<string>();
  for (const feature of features)
    for (const key of Object.keys(feature?.properties ?? {})) columns.add(fold(key));
  const kind = checkKind(columns, file);
  return collect(file, features.length, (push, problem) => {
    features.forEach((feature, index) => {
      const row = index + 1;
      const properties = new Map(
        Object.entries(feature?.properties ?? {}).map(([key, value]) => [fold(key), value as Cell]),
      );
      const geometry = feature?.geometry;
      const coordinates = Array.isArray(geometry?.coordinates) ? (geometry.coordinates as unknown[]) : [];
      if (geometry?.type !== 'Point' || coordinates.length < 2) {
        problem({ file, row, column: 'geometry', message: 'is not a Point with [経度, 緯度]' });
        return;
      }
      const [longitude, latitude] = coordinates as Cell[];
      const shelter = rowOf(
        properties,
        kind,
        { latitude, longitude },
        (column, message) => problem({ file, row, column, message }),
        file,
      );
      if (shelter) push(shelter, row);
    });
  });
}

/** Gathers rows and problems; a repeated 共通ID is a problem; any problem refuses the whole file. */
function collect(
  file: string,
  count: number,
  each: (push: (row: ShelterRow, at: number) => void, problem: (p: ImportProblem) => void) => void,
): ShelterRow[] {
  if (count === 0) throw new ShelterImportError([{ file, row: null, column: null, message: 'has no rows' }]);
  if (count > MAX_ROWS) {
    throw new ShelterImportError([{ file, row: null, column: null, message: `has over ${MAX_ROWS} rows` }]);
  }
  const rows: ShelterRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  each(
    (row, at) => {
      const first = seen.get(row.id);
      if (first !== undefined) {
        problems.push({ file, row: at, column: COLUMNS.id, message: `"${row.id}" repeats row ${first}` });
        return;
      }
      seen.set(row.id, at);
      rows.push(row);
    },
    (problem) => problems.push(problem),
  );
  if (problems.length > 0) throw new ShelterImportError(problems);
  return rows;
}

/** One file's rows: GeoJSON when it starts with `{`, CSV otherwise. */
export function parseShelterFile(file: string, bytes: Uint8Array): ShelterRow[] {
  const content = decodeText(bytes);
  const start = content.replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('{') ? parseGeoJson(start, file) : parseCsvText(content, file);
}
