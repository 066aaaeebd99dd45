// What a parent types or picks, checked before anything is stored: the nickname and the birth date.
import { addMonths, cityDate, isIsoDate } from '../dates.ts';

export const NICKNAME_MAX = 20;
/** The oldest child the service is for: reminders and city information run to 18 years. */
export const MAX_AGE_YEARS = 18;

export type NicknameCheck =
  | { ok: true; nickname: string }
  | { ok: false; reason: 'empty' | 'tooLong' | 'url' | 'invalid' };

const URL_LIKE = /(?:https?:\/\/|www\.|[a-z0-9-]+\.(?:com|net|org|jp|io|info|me|ly)\b)/i;
// Control characters (other than the spaces trimmed away) would break the cards and the CSV staff export.
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** A nickname: trimmed, runs of spaces folded, 1–20 characters (code points, as PostgreSQL counts). */
export function checkNickname(text: string): NicknameCheck {
  const nickname = text.trim().replace(/[ \u3000]+/g, ' ');
  if (nickname.length === 0) return { ok: false, reason: 'empty' };
  // Zero-width joiners and variation selectors belong to emoji, which a nickname may hold.
  if (CONTROL.test(nickname.replace(/\u200d|\ufe0f/g, ''))) return { ok: false, reason: 'invalid' };
  if (URL_LIKE.test(nickname)) return { ok: false, reason: 'url' };
  if ([...nickname].length > NICKNAME_MAX) return { ok: false, reason: 'tooLong' };
  return { ok: true, nickname };
}

/** The range a birth date may take on `today` (city date): 18 years ago up to today. */
export function birthDateRange(today: string): { min: string; max: string } {
  return { min: addMonths(today, -12 * MAX_AGE_YEARS), max: today };
}

export type BirthDateCheck =
  | { ok: true; date: string }
  | { ok: false; reason: 'invalid' | 'future' | 'tooOld' };

export function checkBirthDate(date: string, now: Date): BirthDateCheck {
  if (!isIsoDate(date)) return { ok: false, reason: 'invalid' };
  const { min, max } = birthDateRange(cityDate(now));
  if (date > max) return { ok: false, reason: 'future' };
  if (date < min) return { ok: false, reason: 'tooOld' };
  return { ok: true, date };
}

const ERAS: Record<string, number> = { 令和: 2018, r: 2018, 平成: 1988, h: 1988 };

/**
 * A date typed in the chat: 2025-04-01, 2025/4/1, 2025.4.1, 2025年4月1日, 令和7年4月1日 or R7.4.1 (full-width
 * digits too), as YYYY-MM-DD; null when it is not a date at all.
 */
export function parseTypedDate(text: string): string | null {
  const folded = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  const match = /^(令和|平成|r|h)?(\d{1,4}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(folded);
  if (!match) return null;
  const [, era, yearText = '', monthText = '', dayText = ''] = match;
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  let year: number;
  if (era) {
    const base = ERAS[era];
    if (base === undefined || eraYear < 1 || eraYear > 99) return null;
    year = base + eraYear;
  } else {
    if (yearText.length !== 4) return null;
    year = eraYear;
  }
  const iso = `${year}-${monthText.padStart(2, '0')}-${dayText.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
