// The resident's cards in the booking conversation: services, days, times, confirmation, result, own bookings.
import type { messagingApi } from '@line/bot-sdk';
import { renderFlex } from '../../../flex/index.ts';
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import type { DayAvailability } from '../availability.ts';
import { reminderPromised } from '../reminders.ts';
import { cityTime, type Reservation, type ReservationService, type Slot } from '../types.ts';
import { type BubbleSpec, livePageOf, mixedCarousel } from './flex.ts';
import { formatDate, formatTimeRange, serviceTexts } from './format.ts';
import { flowData } from './postback.ts';

const tr = (lang: Language, key: string, vars?: Record<string, string | number>) =>
  t(lang, `reservations:${key}`, vars);

export function servicesCarousel(lang: Language, k: string, services: readonly ReservationService[]) {
  const bubbles = services.slice(0, 12).map((service) => {
    const texts = serviceTexts(lang, service);
    return {
      template: 'reservation-service',
      data: { ...texts, data: flowData(k, { op: 'service', s: service.id }) },
    };
  });
  return mixedCarousel(lang, bubbles, tr(lang, 'altText.services'));
}

export function introCard(lang: Language, service: ReservationService): messagingApi.FlexMessage {
  const texts = serviceTexts(lang, service);
  return renderFlex('reservation-intro', {
    lang,
    data: texts,
    altText: tr(lang, 'altText.intro', { service: texts.service }),
  });
}

export function daysCarousel(
  lang: Language,
  k: string,
  service: ReservationService,
  days: readonly DayAvailability[],
  page: number,
): messagingApi.FlexMessage {
  const shown = livePageOf(days, page);
  const bubbles = shown.items.map((day): BubbleSpec => {
    const date = formatDate(lang, day.date);
    return day.seatsLeft > 0
      ? {
          template: 'reservation-day',
          data: {
            date,
            seats: tr(lang, 'days.seatsLeft', { count: day.seatsLeft }),
            data: flowData(k, { op: 'day', d: day.date }),
          },
        }
      : { template: 'reservation-day-full', data: { date } };
  });
  if (shown.more) {
    bubbles.push({
      template: 'reservation-more',
      data: {
        title: tr(lang, 'days.more'),
        body: tr(lang, 'days.moreBody'),
        data: flowData(k, { op: 'days', page: String(shown.page + 1) }),
      },
    });
  }
  const altText = tr(lang, 'altText.days', { service: serviceTexts(lang, service).service });
  return mixedCarousel(lang, bubbles, altText);
}

export function timesCarousel(
  lang: Language,
  k: string,
  date: string,
  slots: readonly Slot[],
  page: number,
): messagingApi.FlexMessage {
  const shown = livePageOf(slots, page);
  const bubbles = shown.items.map((slot): BubbleSpec => {
    const time = `${cityTime(slot.startsAt)}–${cityTime(slot.endsAt)}`;
    const left = slot.capacity - slot.booked;
    return left > 0
      ? {
          template: 'reservation-time',
          data: {
            time,
            seats: tr(lang, 'times.seatsLeft', { count: left }),
            data: flowData(k, { op: 'slot', slot: slot.id }),
          },
        }
      : { template: 'reservation-time-full', data: { time } };
  });
  if (shown.more) {
    bubbles.push({
      template: 'reservation-more',
      data: {
        title: tr(lang, 'times.more'),
        body: tr(lang, 'times.moreBody'),
        data: flowData(k, { op: 'day', d: date, page: String(shown.page + 1) }),
      },
    });
  }
  return mixedCarousel(lang, bubbles, tr(lang, 'altText.times', { date: formatDate(lang, date) }));
}

export function confirmCard(
  lang: Language,
  k: string,
  service: ReservationService,
  slot: Slot,
  changing: Reservation | null,
): messagingApi.FlexMessage {
  const texts = serviceTexts(lang, service);
  const datetime = formatTimeRange(lang, slot.startsAt, slot.endsAt);
  const data = {
    service: texts.service,
    place: texts.place,
    bring: texts.bring,
    datetime,
    title: tr(lang, changing ? 'confirm.changeTitle' : 'confirm.title'),
    note: changing
      ? tr(lang, 'confirm.changeNote', { before: formatTimeRange(lang, changing.startsAt, changing.endsAt) })
      : tr(lang, 'confirm.note'),
    confirmLabel: tr(lang, changing ? 'confirm.change' : 'confirm.book'),
    confirmData: flowData(k, { op: 'book', slot: slot.id }),
    quitData: flowData(k, { op: 'quit' }),
  };
  return renderFlex('reservation-confirm', {
    lang,
    data,
    altText: tr(lang, 'altText.confirm', { datetime }),
  });
}

/**
 * The booking made (or moved, keeping its number) at `now`. The day-before reminder is promised only when it
 * will come: not for a booking made on the day or after 09:00 the day before.
 */
export function bookedCard(
  lang: Language,
  service: ReservationService,
  reservation: Reservation,
  changed: boolean,
  now: Date,
): messagingApi.FlexMessage {
  const texts = serviceTexts(lang, service);
  const howToChange = tr(lang, 'booked.howToChange');
  const data = {
    title: tr(lang, changed ? 'booked.changedTitle' : 'booked.title'),
    numberHint: tr(lang, changed ? 'booked.numberKept' : 'booked.numberHint'),
    howToChange: reminderPromised(reservation.startsAt, now)
      ? [howToChange, tr(lang, 'booked.reminder')].join(lang === 'en' ? ' ' : '')
      : howToChange,
    number: reservation.number,
    service: texts.service,
    place: texts.place,
    bring: texts.bring,
    datetime: formatTimeRange(lang, reservation.startsAt, reservation.endsAt),
  };
  return renderFlex('reservation-booked', {
    lang,
    data,
    altText: tr(lang, 'altText.booked', { number: reservation.number }),
  });
}

export interface MineItem {
  service: ReservationService;
  reservation: Reservation;
  position: { queueNumber: number; ahead: number } | null;
}

function queueText(lang: Language, item: MineItem): string {
  const { reservation, position } = item;
  const number = position?.queueNumber ?? reservation.queueNumber ?? '-';
  if (reservation.status === 'called') return tr(lang, 'queue.called', { number });
  if (position && position.ahead > 0) return tr(lang, 'queue.waiting', { number, ahead: position.ahead });
  return tr(lang, 'queue.next', { number });
}

/** The resident's active bookings: a booked one can be changed or cancelled; one at the desk shows the queue. */
export function mineCarousel(
  lang: Language,
  k: string,
  items: readonly MineItem[],
): messagingApi.FlexMessage {
  const bubbles = items.slice(0, 12).map((item): BubbleSpec => {
    const texts = serviceTexts(lang, item.service);
    const base = {
      status: tr(lang, `status.${item.reservation.status}`),
      service: texts.service,
      place: texts.place,
      number: item.reservation.number,
      datetime: formatTimeRange(lang, item.reservation.startsAt, item.reservation.endsAt),
    };
    if (item.reservation.status === 'booked') {
      return {
        template: 'reservation-mine',
        data: {
          ...base,
          changeData: flowData(k, { op: 'change', r: item.reservation.id }),
          cancelData: flowData(k, { op: 'cancel', r: item.reservation.id }),
        },
      };
    }
    return { template: 'reservation-mine-status', data: { ...base, queue: queueText(lang, item) } };
  });
  return mixedCarousel(lang, bubbles, tr(lang, 'altText.mine', { count: items.length }));
}

export function cancelCard(
  lang: Language,
  k: string,
  service: ReservationService,
  reservation: Reservation,
): messagingApi.FlexMessage {
  const datetime = formatTimeRange(lang, reservation.startsAt, reservation.endsAt);
  const data = {
    service: serviceTexts(lang, service).service,
    number: reservation.number,
    datetime,
    yesData: flowData(k, { op: 'cancel-yes', r: reservation.id }),
    noData: flowData(k, { op: 'cancel-no' }),
  };
  return renderFlex('reservation-cancel', { lang, data, altText: tr(lang, 'altText.cancel', { datetime }) });
}

export function text(
  lang: Language,
  key: string,
  vars?: Record<string, string | number>,
): messagingApi.TextMessage {
  return { type: 'text', text: tr(lang, key, vars) };
}
