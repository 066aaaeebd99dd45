// The parent's messages: consent card, registration prompts, confirmation, the children carousel and the
// yes/no questions before deleting; texts carry quick replies back to the list or to register another child.
import type { messagingApi } from '@line/bot-sdk';
import { fillTemplate, getTemplate, renderFlex } from '../../../flex/index.ts';
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { assertMessages } from '../../../line/message-limits.ts';
import { DISTRICTS, districtName } from '../districts.ts';
import { nextMilestone } from '../reminders/next.ts';
import { consentWording } from './consent.ts';
import { formatAge, formatBirthDate } from './format.ts';
import { type FlowOp, featureData, flowData } from './postback.ts';
import { type Child, MAX_CHILDREN } from './repository.ts';
import { birthDateRange, NICKNAME_MAX } from './validate.ts';

type Vars = Record<string, string | number>;
type QuickItem = messagingApi.QuickReplyItem;

export const tr = (lang: Language, key: string, vars?: Vars) => t(lang, `childcareChildren:${key}`, vars);

const QUICK_LABEL_MAX = 20;

function postbackItem(label: string, data: string, displayText = label): QuickItem {
  return {
    type: 'action',
    action: { type: 'postback', label: label.slice(0, QUICK_LABEL_MAX), data, displayText },
  };
}

export function text(
  lang: Language,
  key: string,
  vars?: Vars,
  quickReply?: QuickItem[],
): messagingApi.TextMessage {
  const message: messagingApi.TextMessage = { type: 'text', text: tr(lang, key, vars) };
  if (quickReply && quickReply.length > 0) message.quickReply = { items: quickReply };
  assertMessages([message]);
  return message;
}

/** "お子さまの登録" and "登録したお子さま": offered under the topic carousel and after each change. */
export function entryItems(lang: Language): QuickItem[] {
  return [
    postbackItem(tr(lang, 'entry.register'), featureData({ do: 'add' })),
    postbackItem(tr(lang, 'entry.list'), featureData({ do: 'list' })),
  ];
}

export const listItem = (lang: Language) => [
  postbackItem(tr(lang, 'entry.list'), featureData({ do: 'list' })),
];

/** A text followed by the way back to the list. */
export const withList = (lang: Language, key: string, vars?: Vars) => text(lang, key, vars, listItem(lang));

// ---- consent ----

export function consentCard(lang: Language, version: string, next: 'add' | 'list'): messagingApi.FlexMessage {
  const wording = consentWording(lang, version);
  return renderFlex('childcare-consent', {
    lang,
    data: {
      ...wording,
      version,
      agreeData: featureData({ do: 'consent', v: version, next }),
      refuseData: featureData({ do: 'refuse' }),
    },
    altText: tr(lang, 'consent.altText'),
  });
}

// ---- registration ----

export function nicknamePrompt(
  lang: Language,
  k: string,
  key = 'register.nickname',
): messagingApi.TextMessage {
  return text(lang, key, { max: NICKNAME_MAX }, [opItem(lang, k, 'quit', { op: 'quit' })]);
}

export function renamePrompt(lang: Language, k: string, nickname: string): messagingApi.TextMessage {
  return text(lang, 'rename.prompt', { name: nickname, max: NICKNAME_MAX }, [
    opItem(lang, k, 'quit', { op: 'quit' }),
  ]);
}

function opItem(
  lang: Language,
  k: string,
  key: string,
  fields: { op: FlowOp['op'] } & Record<string, string>,
) {
  return postbackItem(tr(lang, key), flowData(k, fields as Parameters<typeof flowData>[1]));
}

/** The birth-date card: its button opens LINE's date picker, limited to the last 18 years. */
export function birthPrompt(
  lang: Language,
  k: string,
  nickname: string,
  today: string,
): messagingApi.FlexMessage {
  const { min, max } = birthDateRange(today);
  return renderFlex('childcare-child-birth', {
    lang,
    data: {
      prompt: tr(lang, 'register.birthPrompt', { name: nickname }),
      pickData: flowData(k, { op: 'birth' }),
      quitData: flowData(k, { op: 'quit' }),
      initial: max,
      min,
      max,
    },
    altText: tr(lang, 'register.birthAltText'),
  });
}

/**
 * A district's quick-reply label: when some names of a language pass 20 characters ("… Elementary School
 * district"), every name of that language drops the common suffix, so the choices read alike.
 */
export function districtLabel(lang: Language, id: string): string {
  const name = districtName(id, lang) ?? id;
  const suffix = tr(lang, 'district.suffix').trim();
  const tooLong = DISTRICTS.some((d) => [...d[lang]].length > QUICK_LABEL_MAX);
  const short = tooLong && name.endsWith(suffix) ? name.slice(0, -suffix.length).trim() : name;
  return [...short].slice(0, QUICK_LABEL_MAX).join('');
}

/** The district's full name, or "not given". */
export function districtText(lang: Language, district: string | null): string {
  return (district ? districtName(district, lang) : undefined) ?? tr(lang, 'district.unset');
}

/** The twelve districts and "do not answer" (13: a quick reply's limit). */
export function districtChoices(lang: Language, data: (choice: string) => string): QuickItem[] {
  return [
    ...DISTRICTS.map((d) => postbackItem(districtLabel(lang, d.id), data(d.id), d[lang])),
    postbackItem(tr(lang, 'district.none'), data('none')),
  ];
}

export function districtPrompt(lang: Language, k: string): messagingApi.TextMessage {
  return text(
    lang,
    'district.prompt',
    {},
    districtChoices(lang, (d) => flowData(k, { op: 'district', d })),
  );
}

export function confirmCard(
  lang: Language,
  k: string,
  input: { nickname: string; birthDate: string; district: string | null; today: string },
): messagingApi.FlexMessage {
  return renderFlex('childcare-child-confirm', {
    lang,
    data: {
      nickname: input.nickname,
      birthDate: formatBirthDate(lang, input.birthDate),
      age: formatAge(lang, input.birthDate, input.today),
      district: districtText(lang, input.district),
      saveData: flowData(k, { op: 'save' }),
      redoData: flowData(k, { op: 'redo' }),
      quitData: flowData(k, { op: 'quit' }),
    },
    altText: tr(lang, 'confirm.altText', { name: input.nickname }),
  });
}

export function registeredText(lang: Language, child: Child): messagingApi.TextMessage {
  return text(
    lang,
    'register.done',
    { name: child.nickname, birthDate: formatBirthDate(lang, child.birthDate) },
    [postbackItem(tr(lang, 'register.addAnother'), featureData({ do: 'add' })), ...listItem(lang)],
  );
}

// ---- the list ----

/** LINE refuses an initial date before min (a child who has just turned 18). */
function pickerInitial(birthDate: string, min: string): string {
  if (birthDate < min) return min;
  return birthDate;
}

/** The next milestone the parent will be reminded of for this child, with its date. */
function nextReminderText(lang: Language, birthDate: string, today: string): string {
  const next = nextMilestone(birthDate, today);
  if (!next) return tr(lang, 'list.nextNone');
  return tr(lang, 'list.next', {
    date: formatBirthDate(lang, next.dueOn),
    title: t(lang, `childcareReminders:milestones.${next.milestone.id}.title`),
  });
}

/** One bubble per child (oldest first) and a last one to add a child, change the district or withdraw. */
export function childrenCarousel(
  lang: Language,
  children: readonly Child[],
  district: string | null,
  today: string,
): messagingApi.FlexMessage {
  const { min, max } = birthDateRange(today);
  const bubbles = children.map((child, i) =>
    fillTemplate(
      getTemplate('childcare-child').tree,
      lang,
      {
        nickname: child.nickname,
        birthDate: formatBirthDate(lang, child.birthDate),
        age: formatAge(lang, child.birthDate, today),
        next: nextReminderText(lang, child.birthDate, today),
        renameData: featureData({ do: 'rename', c: child.id }),
        birthData: featureData({ do: 'birth', c: child.id }),
        deleteData: featureData({ do: 'del', c: child.id }),
        initial: pickerInitial(child.birthDate, min),
        min,
        max,
      },
      `childcare-child[${i}]`,
    ),
  );
  const manage = fillTemplate(getTemplate('childcare-child-manage').tree, lang, {
    count: tr(lang, 'list.count', { count: children.length, max: MAX_CHILDREN }),
    district: tr(lang, 'list.district', { district: districtText(lang, district) }),
    addData: featureData({ do: 'add' }),
    districtData: featureData({ do: 'district' }),
    withdrawData: featureData({ do: 'withdraw' }),
  });
  const message = {
    type: 'flex',
    altText: tr(lang, 'list.altText', { count: children.length }),
    contents: { type: 'carousel', contents: [...bubbles, manage] },
  };
  assertMessages([message]);
  return message as messagingApi.FlexMessage;
}

/** A yes/no question before something is deleted. */
export function askCard(
  lang: Language,
  input: { question: string; yes: string; yesData: string; no: string; noData: string; altText: string },
): messagingApi.FlexMessage {
  return renderFlex('childcare-child-ask', {
    lang,
    data: {
      question: input.question,
      yesLabel: input.yes,
      yesData: input.yesData,
      noLabel: input.no,
      noData: input.noData,
    },
    altText: input.altText,
  });
}
