// The reports with their internal columns, for the department's own work in Excel (never published): what
// the public file has, plus the resident's own comment, the exact point and the address as given, whether
// staff published or hid it, and the status as staff name it. Not the reporter's LINE id: it is of no use in
// a spreadsheet, and residents are answered through the status notices. UTF-8 with BOM, CRLF, every field
// quoted, formula-like cells neutralized.
import { stringify } from 'csv-stringify/sync';
import { findCategory, localize, type ReportCatalog } from '../catalog/catalog.ts';
import type { Report } from '../types.ts';
import { cityIso } from './public.ts';

export const INTERNAL_CSV_HEADER = [
  '受付番号',
  '種類',
  '担当',
  '状態',
  '受付日時',
  '更新日時',
  '完了日時',
  '緯度',
  '経度',
  '住所（報告者の入力）',
  '内容（報告者の記入）',
  '公開用コメント',
  '公開',
  '非表示',
  '同じ報告の数',
  '写真数',
  '重複先',
] as const;

const dateTime = (at: Date | null) => (at ? cityIso(at).slice(0, 16).replace('T', ' ') : '');
const yesNo = (value: boolean) => (value ? 'はい' : 'いいえ');

/** `duplicateNumbers` names each duplicate's original by its report number (report id → number). */
export function toInternalCsv(
  reports: readonly Report[],
  catalog: ReportCatalog,
  duplicateNumbers: ReadonlyMap<string, string>,
): string {
  const records = reports.map((r) => {
    const status = catalog.statuses.find((s) => s.id === r.status);
    const department = catalog.departments.find((d) => d.id === r.department);
    const category = findCategory(catalog, r.category);
    return [
      r.number,
      category ? localize(category.name, 'ja') : r.category,
      department ? localize(department.name, 'ja') : r.department,
      status ? status.staffLabel.ja : r.status,
      dateTime(r.createdAt),
      dateTime(r.updatedAt),
      dateTime(r.closedAt),
      String(r.lat),
      String(r.lon),
      r.address ?? '',
      r.comment ?? '',
      r.publicComment ?? '',
      yesNo(r.published),
      yesNo(r.hidden),
      String(r.supporterCount),
      String(r.photos.length),
      r.duplicateOf ? (duplicateNumbers.get(r.duplicateOf) ?? '') : '',
    ];
  });
  return stringify([[...INTERNAL_CSV_HEADER], ...records], {
    bom: true,
    quoted: true,
    quoted_empty: true,
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
}
