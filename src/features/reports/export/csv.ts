// The reports as Excel opens them: UTF-8 with a BOM, CRLF, every field quoted, formula-like cells
// neutralized; only the public fields (see public.ts).
import { stringify } from 'csv-stringify/sync';
import type { ReportCatalog } from '../catalog/catalog.ts';
import type { Report } from '../types.ts';
import { cityIso, publicReports } from './public.ts';

export const REPORTS_CSV_HEADER = [
  '受付番号',
  '種類',
  '担当',
  '状態',
  '緯度',
  '経度',
  '住所',
  '内容',
  '同じ報告の数',
  '公開写真数',
  '重複先',
  '受付日時',
  '更新日時',
] as const;

const dateTime = (at: Date) => cityIso(at).slice(0, 16).replace('T', ' ');

export function toCsv(reports: Report[], catalog: ReportCatalog): string {
  const records = publicReports(reports, catalog).map((r) => [
    r.number,
    r.categoryName,
    r.departmentName,
    r.statusLabel,
    // As rounded (4 decimals unless the exact point is approved): no false precision in the file.
    String(r.lat),
    String(r.lon),
    r.address ?? '',
    r.description ?? '',
    String(r.supporterCount),
    String(r.photoKeys.length),
    r.duplicateOfNumber ?? '',
    dateTime(r.createdAt),
    dateTime(r.updatedAt),
  ]);
  return stringify([[...REPORTS_CSV_HEADER], ...records], {
    bom: true,
    quoted: true,
    quoted_empty: true,
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
}
