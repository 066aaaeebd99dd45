// Entries as CSV for staff who edit in a spreadsheet: one row per entry, each language's question, phrasings
// (one per line inside the cell) and answer. Exported as Excel opens it (BOM, CRLF, formulas neutralised);
// imported back with the same columns.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { entrySchema, type FaqEntry } from '../content.ts';

const TEXT_FIELDS = ['question', 'phrasings', 'answer'] as const;
export const CSV_COLUMNS = [
  'id',
  'area',
  'department',
  'url',
  'checked',
  ...LANGUAGES.flatMap((lang) => TEXT_FIELDS.map((field) => `${lang}.${field}`)),
] as const;

export function entriesCsv(entries: readonly FaqEntry[]): string {
  const rows = entries.map((entry) => [
    entry.id,
    entry.area,
    entry.department,
    entry.url,
    entry.checked,
    ...LANGUAGES.flatMap((lang) => {
      const text = entry.texts[lang];
      return text ? [text.question, text.phrasings.join('\n'), text.answer] : ['', '', ''];
    }),
  ]);
  return stringify([[...CSV_COLUMNS], ...rows], {
    bom: true,
    quoted: true,
    quoted_empty: true,
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
}

/** csv-stringify's escape_formulas prefixes a quote to cells starting with = + - @ tab or CR: undone here. */
function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export interface CsvImport {
  entries: FaqEntry[];
  /** "row 3: ja.answer: …" for each bad row; nothing is imported when there is any. */
  errors: string[];
}

export function parseEntriesCsv(text: string): CsvImport {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return { entries: [], errors: [`not readable CSV: ${(error as Error).message}`] };
  }
  const [header, ...rows] = records;
  const expected = CSV_COLUMNS.join(',');
  if (!header || header.join(',') !== expected) {
    return { entries: [], errors: [`the first row must be the columns ${expected}`] };
  }
  const entries: FaqEntry[] = [];
  const errors: string[] = [];
  rows.forEach((raw, index) => {
    const row = raw.map(unescapeFormula);
    const cell = (column: string) => row[CSV_COLUMNS.indexOf(column as (typeof CSV_COLUMNS)[number])] ?? '';
    const texts: Record<string, unknown> = {};
    for (const lang of LANGUAGES) {
      const question = cell(`${lang}.question`).trim();
      if (!question && lang !== 'ja') continue;
      texts[lang] = {
        question,
        phrasings: cell(`${lang}.phrasings`)
          .split(/\r?\n/)
          .map((p) => p.trim())
          .filter((p) => p.length > 0),
        answer: cell(`${lang}.answer`).trim(),
      };
    }
    const parsed = entrySchema.safeParse({
      id: cell('id').trim(),
      area: cell('area').trim(),
      department: cell('department').trim(),
      url: cell('url').trim(),
      checked: cell('checked').trim(),
      texts,
    });
    if (parsed.success) entries.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      errors.push(`row ${index + 2}: ${(issue?.path ?? []).join('.')}: ${issue?.message ?? 'invalid'}`);
    }
  });
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) errors.push(`entry ${entry.id} appears twice`);
    seen.add(entry.id);
  }
  return { entries, errors };
}
