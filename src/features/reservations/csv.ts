// The reservations export as Excel opens it: UTF-8 with a BOM (else Excel reads Japanese as Shift_JIS),
// CRLF line ends, every field quoted, and cells that Excel would run as formulas neutralized.
import { stringify } from 'csv-stringify/sync';
import { type ReservationOut, reservationChannelEnum, reservationStatusEnum } from './admin-schemas.ts';
import { cityDate, cityTime } from './types.ts';

export const CSV_HEADER = [
  '予約番号',
  '日付',
  '開始',
  '終了',
  '状態',
  '受付番号',
  '区分',
  '氏名',
  '電話番号',
  '取消理由',
  '予約日時',
] as const;

// Reasons the system itself writes, in the file's language; staff reasons are Japanese already. `changed` is on
// bookings moved before a change kept the booking (migration 0017).
const SYSTEM_REASONS: Readonly<Record<string, string>> = { changed: '予約の変更' };

export function cancelReasonText(reason: string | null): string {
  if (reason === null) return '';
  return SYSTEM_REASONS[reason] ?? reason;
}

function cityDateTime(at: Date): string {
  return `${cityDate(at)} ${cityTime(at)}`;
}

/** The CSV text, starting with the BOM (U+FEFF, sent as EF BB BF). */
export function reservationsCsv(rows: ReservationOut[]): string {
  const records = rows.map((r) => [
    r.number,
    cityDate(r.startsAt),
    cityTime(r.startsAt),
    cityTime(r.endsAt),
    reservationStatusEnum.label(r.status, 'ja'),
    r.queueNumber === null ? '' : String(r.queueNumber),
    reservationChannelEnum.label(r.channel, 'ja'),
    r.name ?? '',
    r.phone ?? '',
    cancelReasonText(r.cancelReason),
    cityDateTime(r.createdAt),
  ]);
  return stringify([[...CSV_HEADER], ...records], {
    bom: true,
    quoted: true,
    quoted_empty: true,
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
}
