// A child's birth date and age as a parent reads them: 2025年4月1日 / April 1, 2025, 1歳2か月 / 1 year 2 months.
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { ageInMonths } from '../dates.ts';

const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  'ja-easy': new Intl.DateTimeFormat('ja-JP', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }),
  en: new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
};

/** 'YYYY-MM-DD' → "2025年4月1日" / "April 1, 2025". */
export function formatBirthDate(lang: Language, date: string): string {
  return DATE_FORMATS[lang].format(new Date(`${date}T00:00:00Z`));
}

const plural = (lang: Language, unit: 'year' | 'month', n: number) =>
  t(lang, `childcareChildren:age.${unit}.${n === 1 ? 'one' : 'other'}`, { n });

/** Completed years and months on `today`: "1歳2か月", "3か月", "2歳"; "1 year 2 months", "3 months". */
export function formatAge(lang: Language, birthDate: string, today: string): string {
  const months = Math.max(0, ageInMonths(birthDate, today));
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return plural(lang, 'month', rest);
  if (rest === 0) return plural(lang, 'year', years);
  return t(lang, 'childcareChildren:age.join', {
    years: plural(lang, 'year', years),
    months: plural(lang, 'month', rest),
  });
}
