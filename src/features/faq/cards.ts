// The よくある質問 messages: the answer card (city page and phone buttons, next questions and feedback as quick
// replies), the honest "not found", the 15 areas, an area's questions, the departments and one department.
import type { messagingApi } from '@line/bot-sdk';
import { type MenuItem, postbackData } from '../../events/postback-data.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../i18n/languages.ts';
import { assertMessages } from '../../line/message-limits.ts';
import { entryText, type FaqContent, type FaqDepartment, type FaqEntry } from './content.ts';

export const FEATURE_NAME = 'faq';

type QuickItem = messagingApi.QuickReplyItem;
type FlexComponent = messagingApi.FlexComponent;

const tr = (lang: Language, key: string, vars?: Record<string, string | number>) =>
  t(lang, `faq:${key}`, vars);

/** Cuts a label to LINE's limit (code points, with an ellipsis). */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function faqData(fields: Record<string, string>): string {
  return postbackData({ action: 'feature', feature: FEATURE_NAME, ...fields });
}

function postbackItem(label: string, data: string, displayText = label): QuickItem {
  return {
    type: 'action',
    action: { type: 'postback', label: clip(label, 20), data, displayText: clip(displayText, 300) },
  };
}

export function menuItemButton(lang: Language, item: MenuItem, labelKey: string): QuickItem {
  return postbackItem(tr(lang, labelKey), postbackData({ action: 'menu', item }));
}

/** Quick replies that open entries (their question as the label). */
export function entryItems(lang: Language, entries: readonly FaqEntry[]): QuickItem[] {
  return entries.map((entry) => {
    const question = entryText(entry, lang).question;
    return postbackItem(question, faqData({ do: 'entry', id: entry.id }), question);
  });
}

export function telUri(tel: string): string {
  return `tel:${tel.replaceAll('-', '')}`;
}

function flex(
  altText: string,
  contents: messagingApi.FlexContainer,
  quick?: QuickItem[],
): messagingApi.FlexMessage {
  const message: messagingApi.FlexMessage = { type: 'flex', altText: clip(altText, 400), contents };
  if (quick && quick.length > 0) message.quickReply = { items: quick.slice(0, 13) };
  assertMessages([message]);
  return message;
}

const text = (value: string, extra: Partial<messagingApi.FlexText> = {}): FlexComponent =>
  ({ type: 'text', text: value, wrap: true, ...extra }) as messagingApi.FlexText;

function linkButton(label: string, data: string): FlexComponent {
  return {
    type: 'button',
    style: 'link',
    height: 'sm',
    action: { type: 'postback', label: clip(label, 40), data, displayText: clip(label, 300) },
  } as messagingApi.FlexButton;
}

/**
 * One entry as an answer: area, question, answer, the department with hours, a sample notice; buttons for the
 * city's page and a call. `quick`: the next questions and the feedback buttons.
 */
export function answerCard(
  content: FaqContent,
  lang: Language,
  entry: FaqEntry,
  quick: QuickItem[],
): messagingApi.FlexMessage {
  const words = entryText(entry, lang);
  const area = content.areas.find((a) => a.id === entry.area);
  const department = content.departments.find((d) => d.id === entry.department);
  const body: FlexComponent[] = [];
  if (area) body.push(text(area.title[lang], { size: 'xs', color: '#888888' }));
  body.push(text(words.question, { weight: 'bold', size: 'md' }));
  body.push(text(words.answer, { size: 'sm', color: '#333333' }));
  if (department) {
    body.push({ type: 'separator', margin: 'md' } as messagingApi.FlexSeparator);
    body.push(
      text(tr(lang, 'answer.department', { name: department.name[lang], hours: department.hours[lang] }), {
        size: 'xs',
        color: '#555555',
        margin: 'md',
      }),
    );
  }
  body.push(text(tr(lang, 'answer.sample'), { size: 'xxs', color: '#999999' }));
  const footer: FlexComponent[] = [
    {
      type: 'button',
      style: 'link',
      height: 'sm',
      action: { type: 'uri', label: tr(lang, 'answer.open'), uri: entry.url },
    } as messagingApi.FlexButton,
  ];
  if (department) {
    footer.push({
      type: 'button',
      style: 'link',
      height: 'sm',
      action: { type: 'uri', label: tr(lang, 'answer.call'), uri: telUri(department.tel) },
    } as messagingApi.FlexButton);
  }
  return flex(
    tr(lang, 'answer.altText', { question: words.question }),
    {
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
      footer: { type: 'box', layout: 'vertical', contents: footer },
    },
    quick,
  );
}

/** 解決した / 解決しない for an answer; `questionId` ties it to the typed question (absent from the menu). */
export function feedbackItems(lang: Language, entryId: string, questionId: string | null): QuickItem[] {
  const fields: Record<string, string> = questionId
    ? { do: 'fb', e: entryId, q: questionId }
    : { do: 'fb', e: entryId };
  return [
    postbackItem(tr(lang, 'answer.solved'), faqData({ ...fields, v: '1' })),
    postbackItem(tr(lang, 'answer.unsolved'), faqData({ ...fields, v: '0' })),
  ];
}

function listBubble(title: string, lead: string, buttons: FlexComponent[]): messagingApi.FlexBubble {
  return {
    type: 'bubble',
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        text(title, { weight: 'bold', size: 'lg' }),
        text(lead, { size: 'sm', color: '#555555' }),
        ...buttons,
      ],
    },
  };
}

/** The rich menu's よくある質問: the areas as buttons. */
export function areasMessage(
  content: FaqContent,
  lang: Language,
  quick: QuickItem[],
): messagingApi.FlexMessage {
  const buttons = content.areas.map((area) =>
    linkButton(area.title[lang], faqData({ do: 'area', a: area.id })),
  );
  return flex(
    tr(lang, 'menu.altText'),
    listBubble(tr(lang, 'menu.title'), tr(lang, 'menu.lead'), buttons),
    quick,
  );
}

const PER_BUBBLE = 10;

/** An area's questions as buttons (bubbles of ten; LINE allows twelve bubbles). */
export function areaMessage(
  content: FaqContent,
  lang: Language,
  areaId: string,
  quick: QuickItem[],
): messagingApi.FlexMessage | null {
  const area = content.areas.find((a) => a.id === areaId);
  if (!area) return null;
  const entries = content.entries.filter((e) => e.area === areaId).slice(0, PER_BUBBLE * 12);
  const bubbles: messagingApi.FlexBubble[] = [];
  for (let i = 0; i < entries.length; i += PER_BUBBLE) {
    const buttons = entries
      .slice(i, i + PER_BUBBLE)
      .map((entry) => linkButton(entryText(entry, lang).question, faqData({ do: 'entry', id: entry.id })));
    bubbles.push(listBubble(area.title[lang], tr(lang, 'menu.lead'), buttons));
  }
  if (bubbles.length === 0) return null;
  const contents: messagingApi.FlexContainer =
    bubbles.length === 1 ? (bubbles[0] as messagingApi.FlexBubble) : { type: 'carousel', contents: bubbles };
  return flex(tr(lang, 'area.altText', { area: area.title[lang] }), contents, quick);
}

/** The rich menu's お問い合わせ: the departments as buttons. */
export function departmentsMessage(
  content: FaqContent,
  lang: Language,
  quick: QuickItem[],
): messagingApi.FlexMessage {
  const buttons = content.departments.map((d) => linkButton(d.name[lang], faqData({ do: 'dept', id: d.id })));
  return flex(
    tr(lang, 'contact.altText'),
    listBubble(tr(lang, 'contact.title'), tr(lang, 'contact.lead'), buttons),
    quick,
  );
}

/** One department: what it handles, hours and place; call and page buttons. */
export function departmentCard(lang: Language, department: FaqDepartment, quick: QuickItem[]) {
  return flex(
    `${department.name[lang]} ${department.tel}`,
    {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          text(department.name[lang], { weight: 'bold', size: 'md' }),
          text(tr(lang, 'contact.handles', { text: department.handles[lang] }), { size: 'sm' }),
          text(tr(lang, 'contact.hours', { text: department.hours[lang] }), { size: 'sm' }),
          text(tr(lang, 'contact.place', { text: department.place[lang] }), { size: 'sm' }),
          text(department.tel, { size: 'sm', color: '#555555' }),
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [
          {
            type: 'button',
            style: 'primary',
            height: 'sm',
            action: { type: 'uri', label: tr(lang, 'answer.call'), uri: telUri(department.tel) },
          } as messagingApi.FlexButton,
          {
            type: 'button',
            style: 'link',
            height: 'sm',
            action: { type: 'uri', label: tr(lang, 'answer.open'), uri: department.url },
          } as messagingApi.FlexButton,
        ],
      },
    },
    quick,
  );
}
