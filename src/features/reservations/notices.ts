// What a resident is told outside the conversation — the reminder the day before, check-in with the queue
// number, the call to the desk, a cancellation by staff, a missed visit — as one Flex card each, in the
// resident's language.
import type { messagingApi } from '@line/bot-sdk';
import { renderFlex } from '../../flex/index.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../i18n/languages.ts';
import { formatTimeRange, serviceTexts } from './chat/format.ts';
import { localized, type Reservation, type ReservationService } from './types.ts';

function notice(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
  kind: 'reminder' | 'checkedIn' | 'called' | 'cancelled' | 'noShow',
  vars: Record<string, string | number>,
  bodyKey = 'body',
): messagingApi.FlexMessage {
  const texts = serviceTexts(lang, service);
  const body = t(lang, `reservations:notice.${kind}.${bodyKey}`, { service: texts.service, ...vars });
  const title = t(lang, `reservations:notice.${kind}.title`);
  return renderFlex('reservation-notice', {
    lang,
    data: {
      title,
      body,
      service: texts.service,
      number: reservation.number,
      datetime: formatTimeRange(lang, reservation.startsAt, reservation.endsAt),
      place: texts.place,
    },
    // The notification and chat list show only this: it says what happened, not just "a message".
    altText: `${title}: ${body}`.slice(0, 1500),
  });
}

export function reminderMessage(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
): messagingApi.Message {
  return notice(lang, service, reservation, 'reminder', { bring: serviceTexts(lang, service).bring });
}

export function checkedInMessage(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
  position: { queueNumber: number; ahead: number },
): messagingApi.Message {
  return notice(lang, service, reservation, 'checkedIn', {
    number: position.queueNumber,
    // `count` picks the plural form ("1 person is", "2 people are", none for 0: "you are next").
    count: position.ahead,
  });
}

export function calledMessage(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
): messagingApi.Message {
  const number = reservation.queueNumber ?? reservation.number;
  const place = localized(service.place, lang);
  return place
    ? notice(lang, service, reservation, 'called', { number, place })
    : notice(lang, service, reservation, 'called', { number }, 'bodyNoPlace');
}

/** Staff's reason in the resident's language where staff gave one, else in Japanese and framed as such. */
export type StaffReasons = Partial<Record<Exclude<Language, 'ja'>, string>>;

export function staffReasonLine(lang: Language, reason: string, reasons: StaffReasons = {}): string {
  const own = lang === 'ja' ? reason.trim() : reasons[lang]?.trim();
  if (own) return t(lang, 'reservations:notice.cancelled.reason', { reason: own });
  const japanese = reason.trim() || t('ja', 'reservations:none');
  // A Japanese reason reaches an English reader framed, so it reads as the city's words rather than a glitch.
  return t(lang, 'reservations:notice.cancelled.cityWords', { reason: japanese });
}

export function cancelledByStaffMessage(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
  reason: string,
  reasons: StaffReasons = {},
): messagingApi.Message {
  return notice(lang, service, reservation, 'cancelled', { reason: staffReasonLine(lang, reason, reasons) });
}

/** The desk marked the visit missed: the booking is over, and how to book again. */
export function noShowMessage(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
): messagingApi.Message {
  return notice(lang, service, reservation, 'noShow', {});
}
