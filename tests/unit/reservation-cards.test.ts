// The resident's reservation cards and notices: every one in every language within LINE's limits and the
// OpenAPI schema, paging past 12 bubbles, full days and times without buttons, texts for missing fields.
import type { messagingApi } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import type { DayAvailability } from '../../src/features/reservations/availability.ts';
import {
  bookedCard,
  cancelCard,
  confirmCard,
  daysCarousel,
  introCard,
  mineCarousel,
  servicesCarousel,
  timesCarousel,
} from '../../src/features/reservations/chat/cards.ts';
import { formatDate, formatReception } from '../../src/features/reservations/chat/format.ts';
import {
  calledMessage,
  cancelledByStaffMessage,
  checkedInMessage,
  reminderMessage,
} from '../../src/features/reservations/notices.ts';
import {
  cityInstant,
  type Reservation,
  type ReservationService,
  type Slot,
} from '../../src/features/reservations/types.ts';
import { LANGUAGES, t } from '../../src/i18n/index.ts';
import { checkMessages } from '../../src/line/message-limits.ts';
import { openApiAvailable, validateOpenApi } from '../helpers/line-openapi.ts';

const service: ReservationService = {
  id: 'tax',
  name: { ja: '確定申告の相談', en: 'Tax return consultation', 'ja-easy': 'ぜいきんの そうだん' },
  description: { ja: '職員が申告書の作成をお手伝いします。' },
  whatToBring: { ja: 'マイナンバーカード', en: 'My Number card' },
  place: { ja: '市役所 2階', en: 'City Hall 2F' },
  receptionStartsOn: '2026-02-16',
  receptionEndsOn: '2026-03-16',
  opensDaysAhead: 30,
  cutoffMinutes: 60,
  oneActivePerUser: true,
  closedDates: [],
  active: true,
};
const bare: ReservationService = { ...service, id: 'bare', description: {}, whatToBring: {}, place: {} };

const slot = (id: number, time: string, booked = 0): Slot => ({
  id: String(id),
  serviceId: 'tax',
  startsAt: cityInstant('2026-02-17', time),
  endsAt: new Date(cityInstant('2026-02-17', time).getTime() + 30 * 60_000),
  capacity: 2,
  booked,
});

const reservation: Reservation = {
  id: '41',
  number: 'K7QX3P',
  serviceId: 'tax',
  slotId: '7',
  startsAt: cityInstant('2026-02-17', '10:00'),
  endsAt: cityInstant('2026-02-17', '10:30'),
  userId: 'U1',
  walkInName: null,
  walkInPhone: null,
  status: 'booked',
  queueDate: null,
  queueNumber: null,
  cancelReason: null,
  createdAt: new Date('2026-02-10T00:00:00Z'),
};
/** When the booking above was made: a week ahead, so its reminder comes. */
const booking = new Date('2026-02-10T00:00:00Z');
const checkedIn: Reservation = {
  ...reservation,
  status: 'checked_in',
  queueDate: '2026-02-17',
  queueNumber: 12,
};

const days = (n: number): DayAvailability[] =>
  Array.from({ length: n }, (_, i) => ({
    date: `2026-03-${String(i + 1).padStart(2, '0')}`,
    seatsLeft: i === 1 ? 0 : 5,
    slots: 2,
  }));

type Contents = { type: string; contents?: unknown[] };
const bubbles = (m: messagingApi.FlexMessage) => {
  const c = m.contents as Contents;
  return c.type === 'carousel' ? (c.contents ?? []) : [c];
};
function postbacks(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(postbacks);
  if (typeof node !== 'object' || node === null) return [];
  const r = node as Record<string, unknown>;
  const action = r.action as { type?: string; data?: string } | undefined;
  return [
    ...(action?.type === 'postback' ? [String(action.data)] : []),
    ...Object.values(r).flatMap(postbacks),
  ];
}
const json = (node: unknown) => JSON.stringify(node);
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(strings);
  return [];
}

function everyCard(lang: (typeof LANGUAGES)[number]): [string, messagingApi.Message][] {
  return [
    ['services', servicesCarousel(lang, 'k1', [service, bare])],
    ['intro', introCard(lang, service)],
    ['intro without texts', introCard(lang, bare)],
    ['days', daysCarousel(lang, 'k1', service, days(30), 0)],
    ['times', timesCarousel(lang, 'k1', '2026-02-17', [slot(1, '10:00'), slot(2, '11:00', 2)], 0)],
    ['confirm', confirmCard(lang, 'k1', service, slot(1, '10:00'), null)],
    ['confirm change', confirmCard(lang, 'k1', bare, slot(1, '10:00'), reservation)],
    ['booked', bookedCard(lang, service, reservation, false, booking)],
    [
      'mine',
      mineCarousel(lang, 'k1', [
        { service, reservation, position: null },
        { service, reservation: checkedIn, position: { queueNumber: 12, ahead: 3 } },
        { service, reservation: { ...checkedIn, status: 'called' }, position: null },
      ]),
    ],
    ['cancel', cancelCard(lang, 'k1', service, reservation)],
    ['reminder', reminderMessage(lang, service, reservation)],
    ['checked in', checkedInMessage(lang, service, checkedIn, { queueNumber: 12, ahead: 3 })],
    ['called', calledMessage(lang, service, checkedIn)],
    ['called, no place', calledMessage(lang, bare, checkedIn)],
    ['cancelled by staff', cancelledByStaffMessage(lang, service, reservation, '窓口の都合')],
  ];
}

const cases = LANGUAGES.flatMap((lang) =>
  everyCard(lang).map(([name, message]) => [lang, name, message] as const),
);

describe('every card and notice', () => {
  it.each(cases)('%s %s is within LINE limits, with no leftover placeholder', (_lang, _name, message) => {
    expect(checkMessages([message])).toEqual([]);
    expect(strings(message).join('\n')).not.toMatch(/\{\{|\}\}/);
    for (const data of postbacks(message)) expect(data.length).toBeLessThanOrEqual(300);
  });

  it.skipIf(!openApiAvailable).each(cases)(
    '%s %s matches the OpenAPI Message schema',
    (_lang, _name, message) => {
      expect(validateOpenApi('Message', message)).toEqual([]);
    },
  );

  it('speaks the resident language', () => {
    expect(json(bookedCard('en', service, reservation, false, booking))).toContain('Tax return consultation');
    expect(json(bookedCard('en', service, reservation, false, booking))).toContain('Tue, Feb 17');
    expect(json(bookedCard('ja', service, reservation, false, booking))).toContain(
      '2月17日(火) 10:00〜10:30',
    );
    expect(json(bookedCard('ja-easy', service, reservation, false, booking))).toContain(
      'ぜいきんの そうだん',
    );
    // No English text for the description: Japanese, not an empty component.
    expect(json(introCard('en', service))).toContain('職員が申告書の作成をお手伝いします。');
  });
});

describe('notices', () => {
  it.each(LANGUAGES)('tell the number and the queue in %s', (lang) => {
    const checked = json(checkedInMessage(lang, service, checkedIn, { queueNumber: 12, ahead: 3 }));
    expect(checked).toContain(t(lang, 'reservations:notice.checkedIn.body', { number: 12, count: 3 }));
    expect(checked).toContain('K7QX3P');
    const reminder = reminderMessage(lang, service, reservation) as messagingApi.FlexMessage;
    expect(reminder.altText.startsWith(t(lang, 'reservations:notice.reminder.title'))).toBe(true);
    expect(json(cancelledByStaffMessage(lang, service, reservation, '窓口の都合'))).toContain('窓口の都合');
  });

  it('call to the desk by its place, or to "the desk" when the service names none', () => {
    expect(json(calledMessage('ja', service, checkedIn))).toContain(
      '受付番号12番の方、市役所 2階の窓口へお越しください。',
    );
    expect(json(calledMessage('ja', bare, checkedIn))).toContain('受付番号12番の方、窓口へお越しください。');
  });
});

describe('carousels', () => {
  it('page 30 days as 11 and a "more" bubble, then the rest', () => {
    const first = bubbles(daysCarousel('ja', 'k1', service, days(30), 0));
    expect(first).toHaveLength(12);
    expect(postbacks(first[11])).toEqual(['action=flow&flow=reservation&k=k1&op=days&page=1']);
    const second = bubbles(daysCarousel('ja', 'k1', service, days(30), 1));
    expect(second).toHaveLength(12);
    expect(json(second[0])).toContain(formatDate('ja', '2026-03-12'));
    const third = bubbles(daysCarousel('ja', 'k1', service, days(30), 2));
    expect(third).toHaveLength(8);
    expect(json(third)).not.toContain('op=days');
  });

  it('shows exactly 12 days without a "more" bubble', () => {
    const all = bubbles(daysCarousel('ja', 'k1', service, days(12), 0));
    expect(all).toHaveLength(12);
    expect(json(all)).not.toContain('op=days');
  });

  it('greys a full day and a full time: no button to press', () => {
    const shown = bubbles(daysCarousel('en', 'k1', service, days(3), 0));
    expect(postbacks(shown[1])).toEqual([]);
    expect(json(shown[1])).toContain('Full');
    expect(postbacks(shown[0])).toEqual(['action=flow&flow=reservation&k=k1&op=day&d=2026-03-01']);
    const times = bubbles(
      timesCarousel('en', 'k1', '2026-02-17', [slot(1, '10:00', 1), slot(2, '11:00', 2)], 0),
    );
    expect(json(times[0])).toContain('1 left');
    expect(postbacks(times[0])).toEqual(['action=flow&flow=reservation&k=k1&op=slot&slot=1']);
    expect(postbacks(times[1])).toEqual([]);
  });

  it('offers change and cancel only for a booking not yet at the desk, with the queue for one that is', () => {
    const [booked, waiting, called] = bubbles(
      mineCarousel('ja', 'k1', [
        { service, reservation, position: null },
        { service, reservation: checkedIn, position: { queueNumber: 12, ahead: 3 } },
        { service, reservation: { ...checkedIn, status: 'called' }, position: null },
      ]),
    );
    expect(postbacks(booked)).toEqual([
      'action=flow&flow=reservation&k=k1&op=change&r=41',
      'action=flow&flow=reservation&k=k1&op=cancel&r=41',
    ]);
    expect(postbacks(waiting)).toEqual([]);
    expect(json(waiting)).toContain('受付番号 12番　前に3人お待ちです');
    expect(json(called)).toContain('受付番号 12番　窓口へお越しください');
  });
});

describe('formatting', () => {
  it('writes dates in the resident language', () => {
    expect(formatDate('ja', '2026-02-17')).toBe('2月17日(火)');
    expect(formatDate('en', '2026-02-17')).toBe('Tue, Feb 17');
    expect(formatReception('ja', service)).toBe('2月16日(月)〜3月16日(月)');
    expect(formatReception('en', { ...service, receptionStartsOn: null })).toBe('until Mon, Mar 16');
    expect(formatReception('ja-easy', { ...service, receptionStartsOn: null, receptionEndsOn: null })).toBe(
      'いつでも',
    );
  });
});

describe('the booked card', () => {
  it.each(LANGUAGES)('%s: promises the day-before reminder only when it will come', (lang) => {
    const reminder = t(lang, 'reservations:booked.reminder');
    // Booked a week ahead: reminded at 09:00 the day before.
    expect(json(bookedCard(lang, service, reservation, false, booking))).toContain(reminder);
    // Booked on the day, or the evening before: no reminder comes, so none is promised.
    const sameDay = cityInstant('2026-02-17', '08:00');
    const eveningBefore = cityInstant('2026-02-16', '19:00');
    expect(json(bookedCard(lang, service, reservation, false, sameDay))).not.toContain(reminder);
    expect(json(bookedCard(lang, service, reservation, false, eveningBefore))).not.toContain(reminder);
    expect(json(bookedCard(lang, service, reservation, false, cityInstant('2026-02-16', '08:59')))).toContain(
      reminder,
    );
  });

  it.each(LANGUAGES)('%s: says a changed booking keeps its number', (lang) => {
    const changed = json(bookedCard(lang, service, reservation, true, booking));
    expect(changed).toContain(t(lang, 'reservations:booked.numberKept'));
    expect(changed).toContain(reservation.number);
    expect(json(bookedCard(lang, service, reservation, false, booking))).toContain(
      t(lang, 'reservations:booked.numberHint'),
    );
  });
});
