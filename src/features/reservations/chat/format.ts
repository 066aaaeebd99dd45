// Dates, times and service texts as a resident reads them, in their language (the city's time zone).
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { cityDate, cityTime, localized, type ReservationService } from '../types.ts';

const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }),
  'ja-easy': new Intl.DateTimeFormat('ja-JP', {
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  }),
  en: new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' }),
};

/** 'YYYY-MM-DD' (a city date) → "2月17日(月)" / "Mon, Feb 17". */
export function formatDate(lang: Language, date: string): string {
  return DATE_FORMATS[lang].format(new Date(`${date}T00:00:00Z`));
}

export function formatTimeRange(lang: Language, startsAt: Date, endsAt: Date): string {
  return t(lang, 'reservations:timeRange', {
    date: formatDate(lang, cityDate(startsAt)),
    from: cityTime(startsAt),
    to: cityTime(endsAt),
  });
}

export function formatReception(lang: Language, service: ReservationService): string {
  const from = service.receptionStartsOn ? formatDate(lang, service.receptionStartsOn) : null;
  const to = service.receptionEndsOn ? formatDate(lang, service.receptionEndsOn) : null;
  if (from && to) return t(lang, 'reservations:period.range', { from, to });
  if (from) return t(lang, 'reservations:period.from', { from });
  if (to) return t(lang, 'reservations:period.until', { to });
  return t(lang, 'reservations:period.always');
}

/** A service's texts for a card; a text component may not be empty, so missing ones read "nothing". */
export function serviceTexts(lang: Language, service: ReservationService) {
  const none = t(lang, 'reservations:none');
  return {
    service: localized(service.name, lang),
    description: localized(service.description, lang) || t(lang, 'reservations:service.defaultDescription'),
    place: localized(service.place, lang) || none,
    bring: localized(service.whatToBring, lang) || none,
    reception: formatReception(lang, service),
  };
}
