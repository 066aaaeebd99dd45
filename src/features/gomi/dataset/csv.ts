// Reads one CSV file into rows keyed by header (UTF-8, a BOM and CRLF tolerated, as spreadsheets save them):
// a malformed file, a missing required column or an unknown one is a problem naming the file.
import { parse } from 'csv-parse/sync';
import type { DataProblem } from './errors.ts';

export interface CsvRow {
  /** Row number as a spreadsheet shows it (the header is 1). */
  row: number;
  get(column: string): string;
}

export interface CsvTable {
  rows: CsvRow[];
  columns: string[];
}

export function readCsv(
  file: string,
  text: string,
  spec:
    | { required: readonly string[]; optional: readonly string[] }
    | { dynamic: true; required: readonly string[] },
  problems: DataProblem[],
): CsvTable | null {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // `info` keeps each record's line, so rows stay numbered as the spreadsheet shows them past empty lines.
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const { lines } = (error ?? {}) as { lines?: number };
    problems.push({
      file,
      row: typeof lines === 'number' ? lines : null,
      column: null,
      message: `not readable as CSV (${error instanceof Error ? error.message : String(error)})`,
    });
    return null;
  }
  const header = records[0]?.record;
  if (!header) {
    problems.push({ file, row: null, column: null, message: 'the file is empty (a header row is needed)' });
    return null;
  }
  const columns = header.map((name) => name.trim());
  let broken = false;
  for (const name of spec.required) {
    if (!columns.includes(name)) {
      problems.push({ file, row: 1, column: name, message: 'this column is missing' });
      broken = true;
    }
  }
  if (!('dynamic' in spec)) {
    const known = new Set([...spec.required, ...spec.optional]);
    for (const name of columns) {
      if (!known.has(name)) {
        problems.push({
          file,
          row: 1,
          column: name,
          message: `unknown column (known: ${[...known].join(', ')})`,
        });
        broken = true;
      }
    }
  }
  if (new Set(columns).size !== columns.length) {
    problems.push({ file, row: 1, column: null, message: 'a column name appears twice' });
    broken = true;
  }
  if (broken) return null;
  const index = new Map(columns.map((name, i) => [name, i]));
  const rows = records.slice(1).map(({ record, info }) => ({
    row: info.lines,
    get: (column: string) => {
      const at = index.get(column);
      return at === undefined ? '' : (record[at] ?? '').trim();
    },
  }));
  return { rows, columns };
}
