// No label is cut off, in any language: every Flex builder and quick reply, with representative and longest data,
// measured with the bundled font against the width LINE gives it.
//
// The layout model (tests/helpers/flex-fit.ts):
// - A bubble is as wide as its `size` allows (nano 120 … mega 300 … giga 500; mega when unset): the width it has
//   on a 360-dp phone, the narrowest in common use. Each bubble of a carousel is measured at its own size.
// - Its header, body and footer take LINE's default padding off both sides (body/header 10 px on nano/micro, 13 px
//   on kilo, 14 px on deca/hecto, 20 px on mega/giga; the footer 10 px), unless the box sets paddingAll/Start/End.
// - A vertical box gives each child its inner width; a horizontal or baseline box first takes off the spacing (or a
//   child's own margin) between children, then shares what is left by `flex` (1 when unset).
// - A button's label has the button's width less 16 px on each side, at 16 px; LINE cuts it with "…".
// - A text without `wrap` is cut with "…" when wider than its box. A text that starts a row (a table label such as
//   「受付期間」 or "Booking no.") must read on one line too: wrapped, it breaks mid-word (「受付期/間」). In a text that
//   wraps, no Latin word or number may be wider than its box ("Booki/ng").
// - Quick replies: at most 20 characters, never cut by the code (label = the text it posts), and at most 210 px at
//   14 px so a pill leaves the next choice in sight on a 360-dp phone.
// - Text sizes are LINE's keywords (xxs 11 … md 16 … 3xl 35 px); bold texts are measured with the bold face.
// The font is BIZ UDPGothic (the rich menu's): its kana and kanji are one em like the phones' system fonts, its
// Latin letters a little wider than Roboto's or SF's, so the model errs on the strict side.
import type { messagingApi } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import { MENU_ITEMS } from '../../src/events/postback-data.ts';
import { locationItem, postbackItem } from '../../src/features/bousai/chat/postback.ts';
import { shelterCarousel } from '../../src/features/bousai/chat/shelter-cards.ts';
import { NEEDS, SITUATIONS } from '../../src/features/bousai/safety/types.ts';
import { HAZARD_GROUP_IDS, HAZARDS } from '../../src/features/bousai/shelters/gsi-format.ts';
import { type NearShelter, SHELTER_STATUSES } from '../../src/features/bousai/shelters/nearest.ts';
import {
  askCard,
  birthPrompt,
  confirmCard as childConfirmCard,
  childrenCarousel,
  text as childText,
  consentCard,
  districtPrompt,
  entryItems,
  nicknamePrompt,
  registeredText,
} from '../../src/features/childcare/children/cards.ts';
import { CONSENT_VERSION } from '../../src/features/childcare/children/consent.ts';
import type { Child } from '../../src/features/childcare/children/repository.ts';
import { NICKNAME_MAX } from '../../src/features/childcare/children/validate.ts';
import { loadChildcareContent } from '../../src/features/childcare/content.ts';
import { DISTRICTS } from '../../src/features/childcare/districts.ts';
import { topicMessage, topicsMessage } from '../../src/features/childcare/menu.ts';
import { milestoneMessages } from '../../src/features/childcare/reminders/message.ts';
import { loadSchedule } from '../../src/features/childcare/reminders/schedule.ts';
import { loadReportCatalog, statusLabel } from '../../src/features/reports/catalog/catalog.ts';
import {
  categoriesCarousel,
  commentPrompt,
  locationPrompt,
  nearbyPrompt,
  photosPrompt,
  confirmCard as reportConfirmCard,
} from '../../src/features/reports/chat/cards.ts';
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
import {
  calledMessage,
  cancelledByStaffMessage,
  checkedInMessage,
  noShowMessage,
  reminderMessage,
} from '../../src/features/reservations/notices.ts';
import {
  cityInstant,
  type Reservation,
  type ReservationService,
  type Slot,
} from '../../src/features/reservations/types.ts';
import { getTemplate, renderFlex, templateNames } from '../../src/flex/index.ts';
import { LANGUAGES, type Language, t } from '../../src/i18n/index.ts';
import { ITEM_IDS } from '../../src/line/richmenu/definition.ts';
import {
  describe as describeOverflow,
  measure,
  messageOverflows,
  QUICK_REPLY_FONT,
  QUICK_REPLY_TEXT_MAX,
} from '../helpers/flex-fit.ts';

type Message = messagingApi.Message;
type Case = [name: string, message: Message];

// ---- data: representative, and the longest a field can be ----

const service: ReservationService = {
  id: 'tax',
  name: {
    ja: '確定申告の相談',
    en: 'Tax return consultation',
    'ja-easy': '確定申告（かくていしんこく）の相談（そうだん）',
  },
  description: { ja: '職員が申告書の作成をお手伝いします。', en: 'Staff help you fill in your tax return.' },
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
const longService: ReservationService = {
  ...service,
  id: 'long',
  name: {
    ja: '確定申告・住民税申告の相談（農業・不動産所得のある方）',
    en: 'Consultation on income tax returns and residence tax declarations for self-employed residents',
  },
  description: {
    ja: '申告書の作成を職員がお手伝いします。'.repeat(3),
    en: 'Representatives will help with documentation. '.repeat(3),
  },
  whatToBring: {
    ja: 'マイナンバーカード、源泉徴収票、医療費の領収書',
    en: 'Identification, withholding certificates, receipts',
  },
  place: {
    ja: '春日市役所 本館2階 第1会議室',
    en: 'Kasuga City Hall, main building, 2nd floor, meeting room 1',
  },
  receptionStartsOn: null,
  receptionEndsOn: '2026-09-30',
};
const always: ReservationService = {
  ...service,
  id: 'always',
  receptionStartsOn: null,
  receptionEndsOn: null,
};

const slot = (id: number, date: string, time: string, booked = 0): Slot => ({
  id: String(id),
  serviceId: 'tax',
  startsAt: cityInstant(date, time),
  endsAt: new Date(cityInstant(date, time).getTime() + 30 * 60_000),
  capacity: 20,
  booked,
});
// Wide letters only (the alphabet has no I or 1): the widest number a resident can get.
const reservation = (number: string, date = '2026-02-17', time = '10:00'): Reservation => ({
  id: '41',
  number,
  serviceId: 'tax',
  slotId: '7',
  startsAt: cityInstant(date, time),
  endsAt: new Date(cityInstant(date, time).getTime() + 30 * 60_000),
  userId: 'U1',
  walkInName: null,
  walkInPhone: null,
  status: 'booked',
  queueDate: null,
  queueNumber: null,
  cancelReason: null,
  createdAt: new Date('2026-02-10T00:00:00Z'),
});
const typical = reservation('K7QX3P');
const widest = reservation('WMWMWM', '2026-09-30', '23:30');
const days = (from: string, n: number): DayAvailability[] =>
  Array.from({ length: n }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return { date: d.toISOString().slice(0, 10), seatsLeft: i % 3 === 1 ? 0 : 1 + i * 7, slots: 2 };
  });

function reservationCases(lang: Language): Case[] {
  const mine = (r: Reservation, s: ReservationService, status: Reservation['status'], ahead: number) => ({
    service: s,
    reservation: { ...r, status, queueNumber: status === 'booked' ? null : 128 },
    position: status === 'booked' ? null : { queueNumber: 128, ahead },
  });
  return [
    ['reservation-service', servicesCarousel(lang, 'k1', [service, longService, always])],
    ['reservation-intro', introCard(lang, service)],
    ['reservation-intro (long)', introCard(lang, longService)],
    ['reservation-day', daysCarousel(lang, 'k1', service, days('2026-09-23', 30), 0)],
    [
      'reservation-time',
      timesCarousel(
        lang,
        'k1',
        '2026-09-30',
        [
          slot(1, '2026-09-30', '09:00'),
          slot(2, '2026-09-30', '23:00', 20),
          ...Array.from({ length: 12 }, (_, i) => slot(3 + i, '2026-09-30', '10:30', i)),
        ],
        0,
      ),
    ],
    ['reservation-confirm', confirmCard(lang, 'k1', service, slot(1, '2026-02-17', '10:00'), null)],
    [
      'reservation-confirm (change)',
      confirmCard(lang, 'k1', longService, slot(1, '2026-09-30', '23:00'), widest),
    ],
    ['reservation-booked', bookedCard(lang, service, typical, false, new Date('2026-02-01T00:00:00Z'))],
    [
      'reservation-booked (changed, widest)',
      bookedCard(lang, longService, widest, true, new Date('2026-02-01T00:00:00Z')),
    ],
    [
      'reservation-mine',
      mineCarousel(lang, 'k1', [
        mine(typical, service, 'booked', 0),
        mine(widest, longService, 'checked_in', 99),
        mine(widest, longService, 'called', 0),
      ]),
    ],
    ['reservation-cancel', cancelCard(lang, 'k1', longService, widest)],
    ['reservation-notice (reminder)', reminderMessage(lang, longService, widest)],
    [
      'reservation-notice (checked in)',
      checkedInMessage(lang, longService, widest, { queueNumber: 128, ahead: 1 }),
    ],
    ['reservation-notice (called)', calledMessage(lang, longService, { ...widest, queueNumber: 128 })],
    [
      'reservation-notice (cancelled)',
      cancelledByStaffMessage(lang, longService, widest, '担当者の都合のため'),
    ],
    ['reservation-notice (no show)', noShowMessage(lang, longService, widest)],
  ];
}

const catalog = loadReportCatalog();
function reportCases(lang: Language): Case[] {
  const nearby = [0, 12, 480].map((distanceM, i) => ({
    id: String(i),
    number: `R${String(999_990 + i).padStart(6, '0')}`,
    category: 'road',
    status: 'in_progress',
    lat: 33.5,
    lon: 130.4,
    distanceM,
    supporterCount: 3,
    publicPhotoKey: null,
    createdAt: new Date(),
  }));
  const longest = catalog.categories.reduce((a, b) =>
    measure(b.name[lang] ?? b.name.ja, 19, true) > measure(a.name[lang] ?? a.name.ja, 19, true) ? b : a,
  );
  return [
    ['report-category', categoriesCarousel(lang, 'k1', catalog)],
    [
      'report-confirm',
      reportConfirmCard(lang, 'k1', {
        category: longest.name[lang] ?? longest.name.ja,
        address: '春日市春日公園3丁目1-1付近',
        comment: null,
        photoCount: 4,
      }),
    ],
    [
      'report-confirm (empty)',
      reportConfirmCard(lang, 'k1', {
        category: 'Road',
        address: null,
        comment: 'x'.repeat(10),
        photoCount: 0,
      }),
    ],
    ['report photos prompt', photosPrompt(lang, 'k1', 'photos.prompt', { category: 'x' }, 1)],
    ['report location prompt', locationPrompt(lang, 'k1')],
    ['report nearby prompt', nearbyPrompt(lang, 'k1', nearby, (s) => statusLabel(catalog, s, lang))],
    ['report comment prompt', commentPrompt(lang, 'k1', catalog.categories[0])],
  ];
}

const library = loadChildcareContent();
function childcareCases(lang: Language): Case[] {
  const today = '2026-02-17';
  const child = (id: string, nickname: string, birthDate: string): Child =>
    ({ id, nickname, birthDate, parentId: 'p', createdAt: new Date() }) as unknown as Child;
  const children = [
    child('1', 'はなこ', '2025-12-01'),
    child('2', 'Maximilian Alexander', '2008-02-18'),
    child('3', '漢'.repeat(NICKNAME_MAX), '2020-09-30'),
  ];
  const longestDistrict = DISTRICTS.reduce((a, b) => ([...b[lang]].length > [...a[lang]].length ? b : a));
  return [
    ['childcare-topic', topicsMessage(library, lang)],
    ...library[lang].topics.map(
      (topic): Case => [`childcare-item (${topic.id})`, topicMessage(library, lang, topic.id) as Message],
    ),
    ['childcare-consent', consentCard(lang, CONSENT_VERSION, 'add')],
    ['childcare-child-birth', birthPrompt(lang, 'k1', '漢'.repeat(NICKNAME_MAX), today)],
    [
      'childcare-child-confirm',
      childConfirmCard(lang, 'k1', {
        nickname: 'Maximilian Alexander',
        birthDate: '2020-09-30',
        district: longestDistrict.id,
        today,
      }),
    ],
    [
      'childcare-child-confirm (no district)',
      childConfirmCard(lang, 'k1', { nickname: 'はなこ', birthDate: '2025-12-01', district: null, today }),
    ],
    ['childcare-child + manage', childrenCarousel(lang, children, longestDistrict.id, today)],
    ['childcare-child-manage (full)', childrenCarousel(lang, [], null, today)],
    [
      'childcare-child-ask',
      askCard(lang, {
        question: t(lang, 'childcareChildren:delete.ask', { name: 'はなこ' }),
        yes: t(lang, 'childcareChildren:delete.yes'),
        yesData: 'a',
        no: t(lang, 'childcareChildren:delete.no'),
        noData: 'b',
        altText: 'x',
      }),
    ],
    [
      'childcare-child-ask (withdraw)',
      askCard(lang, {
        question: t(lang, 'childcareChildren:withdraw.ask'),
        yes: t(lang, 'childcareChildren:withdraw.yes'),
        yesData: 'a',
        no: t(lang, 'childcareChildren:withdraw.no'),
        noData: 'b',
        altText: 'x',
      }),
    ],
    ['childcare entry quick replies', childText(lang, 'register.addAnother', {}, entryItems(lang))],
    ['childcare nickname prompt', nicknamePrompt(lang, 'k1')],
    ['childcare district prompt', districtPrompt(lang, 'k1')],
    ['childcare registered', registeredText(lang, children[0] as Child)],
    ...milestoneMessages(
      lang,
      loadSchedule().map((milestone) => ({ nickname: 'はなこ', milestone })),
    ).map((m, i): Case => [`childcare reminder [${i}]`, m]),
  ];
}

function bousaiCases(lang: Language): Case[] {
  const at = { latitude: 33.5282, longitude: 130.4703 };
  const shelters: NearShelter[] = SHELTER_STATUSES.map((status, i) => ({
    id: `E40218000${i}1111`,
    kind: i % 2 === 0 ? 'shelter' : 'evacuation_site',
    name: i === 0 ? 'クリーン・エネ・パーク南部（グラウンド）多目的広場' : '春日西中学校',
    address: '福岡県春日市大字下白水104-5',
    latitude: 33.52,
    longitude: 130.46,
    hazards: i % 2 === 0 ? [] : [...HAZARDS],
    siteHazards: [...HAZARDS],
    forCare: i === 0,
    status,
    distance: 12_345 + i,
  }));
  const b = (key: string) => t(lang, `bousai:${key}`);
  const items = (labels: string[]) => labels.map((label) => postbackItem(label, 'a=b'));
  const withReplies = (quickItems: messagingApi.QuickReplyItem[]): Message => ({
    type: 'text',
    text: 'x',
    quickReply: { items: quickItems },
  });
  return [
    [
      'bousai shelters',
      { ...shelterCarousel(lang, at, shelters), quickReply: { items: [locationItem(lang)] } },
    ],
    [
      'bousai hazard filters',
      withReplies(items([b('hazard.all'), ...HAZARD_GROUP_IDS.map((id) => b(`hazard.${id}`))])),
    ],
    ['bousai menu', withReplies(items([b('menu.safety'), b('menu.proxy'), b('near.offer')]))],
    ['bousai situations', withReplies(items(SITUATIONS.map((v) => b(`situation.${v}`))))],
    [
      'bousai needs',
      withReplies(
        items([...NEEDS.map((v) => `✓ ${b(`need.${v}`)}`), b('safety.needsDone'), b('safety.skipPlace')]),
      ),
    ],
  ];
}

function commonCases(lang: Language): Case[] {
  const features = MENU_ITEMS.filter((item) => item !== 'language' && item !== 'help');
  return [
    ['welcome', renderFlex('welcome', { lang, data: { name: 'Alexandra Montgomery' }, altText: 'x' })],
    ['language-picker', renderFlex('language-picker', { lang, altText: 'x' })],
    ...features.map(
      (item): Case => [
        `coming-soon (${item})`,
        renderFlex('coming-soon', { lang, data: { feature: t(lang, `feature.${item}`) }, altText: 'x' }),
      ],
    ),
    [
      'info-card',
      renderFlex('info-card', {
        lang,
        data: { title: 'x', body: 'y', url: 'https://example.com/' },
        altText: 'x',
      }),
    ],
  ];
}

const everyCase = (lang: Language): Case[] => [
  ...reservationCases(lang),
  ...reportCases(lang),
  ...childcareCases(lang),
  ...bousaiCases(lang),
  ...commonCases(lang),
];

describe('Flex messages fit the narrowest bubble', () => {
  it.each(LANGUAGES)('%s: no button label, single-line text or table label is cut off', (lang) => {
    const problems = everyCase(lang).flatMap(([name, message]) =>
      messageOverflows(message, `${name} (${lang})`).map(describeOverflow),
    );
    expect(problems).toEqual([]);
  });

  it('covers every template in flex-templates/', () => {
    // A bubble comes from a template when it has the template's shape (the same tree, strings aside).
    const shape = (node: unknown): string =>
      JSON.stringify(node, (_key, value: unknown) => (typeof value === 'string' ? '' : value));
    const bubblesOf = (message: Message): unknown[] => {
      if (message.type !== 'flex') return [];
      const contents = message.contents as { type: string; contents?: unknown[] };
      return contents.type === 'carousel' ? (contents.contents ?? []) : [contents];
    };
    const seen = new Set(
      LANGUAGES.flatMap((lang) => everyCase(lang).flatMap(([, m]) => bubblesOf(m).map(shape))),
    );
    const missing = templateNames().filter((name) => {
      const tree = getTemplate(name).tree;
      const bubbles = tree.type === 'carousel' ? (tree.contents as unknown[]) : [tree];
      return !bubbles.every((b) => seen.has(shape(b)));
    });
    expect(missing).toEqual([]);
  });
});

describe('quick replies and labels read whole', () => {
  const QUICK_KEYS = [
    'flow.quitLabel',
    'reports:offer.photo',
    'reports:offer.place',
    // The entries of the normal rich menu also serve as quick replies (src/events/entry-quick-replies.ts).
    ...ITEM_IDS.map((item) => `richmenu:items.${item}.label`),
  ];
  it.each(LANGUAGES)('%s: labels the code builds from translations fit a quick reply', (lang) => {
    const problems = QUICK_KEYS.flatMap((key) => {
      const label = t(lang, key);
      const width = measure(label, QUICK_REPLY_FONT);
      return [...label].length > 20 || width > QUICK_REPLY_TEXT_MAX
        ? [`${key} (${lang}): “${label}” ${Math.ceil(width)} px`]
        : [];
    });
    expect(problems).toEqual([]);
  });
});

// The model finds what the issue saw: a label that wrapped mid-word and a cut-off button.
describe('the model', () => {
  it('names template, language and text of an overflow', () => {
    const bubble = {
      type: 'flex',
      altText: 'x',
      contents: {
        type: 'bubble',
        size: 'kilo',
        body: {
          type: 'box',
          layout: 'baseline',
          contents: [
            { type: 'text', text: 'Booking no.', flex: 1, wrap: true, size: 'sm' },
            { type: 'text', text: 'K7QX3P', flex: 5, size: 'sm', wrap: true },
          ],
        },
        footer: {
          type: 'box',
          layout: 'vertical',
          contents: [
            {
              type: 'button',
              action: { type: 'postback', label: '生年月日を変える生年月日を変える', data: 'x' },
            },
          ],
        },
      },
    };
    const found = messageOverflows(bubble, 'sample (en)').map(describeOverflow);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/sample \(en\).*table label “Booking no\.”/);
    expect(found[1]).toMatch(/button “生年月日を変える/);
  });
});
