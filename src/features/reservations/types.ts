// 申告予約: the shapes of services, slots and reservations as the rest of the code sees them.
import type { Language } from '../../i18n/languages.ts';

/** A text per language; Japanese is always present and is the fallback. */
export type LocalizedText = Partial<Record<Language, string>> & { ja: string };

export interface ReservationService {
  id: string;
  name: LocalizedText;
  description: Partial<Record<Language, string>>;
  whatToBring: Partial<Record<Language, string>>;
  place: Partial<Record<Language, string>>;
  receptionStartsOn: string | null;
  receptionEndsOn: string | null;
  opensDaysAhead: number;
  cutoffMinutes: number;
  oneActivePerUser: boolean;
  closedDates: string[];
  active: boolean;
}

export interface Slot {
  id: string;
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
}

export const ACTIVE_STATUSES = ['booked', 'checked_in', 'called'] as const;
export const RESERVATION_STATUSES = [
  'booked',
  'checked_in',
  'called',
  'completed',
  'no_show',
  'cancelled',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface Reservation {
  id: string;
  number: string;
  serviceId: string;
  slotId: string;
  startsAt: Date;
  endsAt: Date;
  userId: string | null;
  walkInName: string | null;
  walkInPhone: string | null;
  status: ReservationStatus;
  queueDate: string | null;
  queueNumber: number | null;
  cancelReason: string | null;
  createdAt: Date;
}

export function localized(text: Partial<Record<Language, string>>, lang: Language): string {
  return text[lang] ?? (lang === 'ja-easy' ? text.ja : undefined) ?? text.ja ?? text.en ?? '';
}

/** Dates are the city's: Japan has one time zone and no daylight saving, so +09:00 is exact. */
export const CITY_UTC_OFFSET_MINUTES = 9 * 60;

export function cityDate(at: Date): string {
  return new Date(at.getTime() + CITY_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

export function cityTime(at: Date): string {
  return new Date(at.getTime() + CITY_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(11, 16);
}

/** 'YYYY-MM-DD' + 'HH:MM' in the city's time → an instant. */
export function cityInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+09:00`);
}
