// The resident's messages in the report conversation: the category carousel, step prompts with quick replies,
// the confirmation card and the list of their own reports.
import type { messagingApi } from '@line/bot-sdk';
import { fillTemplate, getTemplate, renderFlex, type TemplateData } from '../../../flex/index.ts';
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { assertMessages } from '../../../line/message-limits.ts';
import { localize, type ReportCatalog, type ReportCategory, telUri } from '../catalog/catalog.ts';
import type { NearbyReport } from '../resident-actions.ts';
import { MAX_PHOTOS } from '../types.ts';
import type { UserReport } from '../user-reports.ts';
import { type FlowOp, flowData } from './postback.ts';

export const tr = (lang: Language, key: string, vars?: Record<string, string | number>) =>
  t(lang, `reports:${key}`, vars);

type QuickItem = messagingApi.QuickReplyItem;

function postbackItem(label: string, data: string): QuickItem {
  return {
    type: 'action',
    action: { type: 'postback', label: label.slice(0, 20), data, displayText: label },
  };
}

function opItem(
  lang: Language,
  k: string,
  key: string,
  fields: { op: FlowOp['op'] } & Record<string, string>,
) {
  return postbackItem(tr(lang, key), flowData(k, fields as Parameters<typeof flowData>[1]));
}

function withQuickReply(text: string, items: QuickItem[]): messagingApi.TextMessage {
  const message: messagingApi.TextMessage = { type: 'text', text, quickReply: { items } };
  assertMessages([message]);
  return message;
}

export function text(
  lang: Language,
  key: string,
  vars?: Record<string, string | number>,
): messagingApi.TextMessage {
  return { type: 'text', text: tr(lang, key, vars) };
}

export function categoryName(lang: Language, category: ReportCategory): string {
  return localize(category.name, lang);
}

export function categoriesCarousel(
  lang: Language,
  k: string,
  catalog: ReportCatalog,
): messagingApi.FlexMessage {
  const contents = catalog.categories
    .filter((c) => c.active)
    .slice(0, 12)
    .map((category, i) => {
      const name = categoryName(lang, category);
      const description = localize(category.description, lang) || name;
      const data = flowData(k, { op: 'cat', c: category.id });
      const template = category.emergency ? 'report-category-urgent' : 'report-category';
      const values: TemplateData = category.emergency
        ? {
            name,
            description,
            data,
            notice: localize(category.emergency.notice, lang),
            tel: telUri(category.emergency.tel),
          }
        : { name, description, data };
      return fillTemplate(getTemplate(template).tree, lang, values, `${template}[${i}]`);
    });
  const message = {
    type: 'flex',
    altText: tr(lang, 'altText.categories'),
    contents: { type: 'carousel', contents },
  };
  assertMessages([message]);
  return message as messagingApi.FlexMessage;
}

/** The start of the flow: what it is for and what happens to what the resident sends, then the categories. */
export function categoryPrompt(
  lang: Language,
  k: string,
  catalog: ReportCatalog,
  rawDataRetentionDays: number,
): messagingApi.Message[] {
  const intro = `${tr(lang, 'intro')}\n${tr(lang, 'privacy', { count: rawDataRetentionDays })}`;
  return [{ type: 'text', text: intro }, categoriesCarousel(lang, k, catalog)];
}

export function photosPrompt(
  lang: Language,
  k: string,
  key: string,
  vars: Record<string, string | number>,
  count: number,
) {
  const items: QuickItem[] = [
    // LINE's own camera and photo picker: a resident need not find the keyboard's icons.
    ...(count < MAX_PHOTOS
      ? [
          { type: 'action', action: { type: 'camera', label: tr(lang, 'photos.camera') } } as const,
          { type: 'action', action: { type: 'cameraRoll', label: tr(lang, 'photos.cameraRoll') } } as const,
        ]
      : []),
    ...(count > 0 ? [opItem(lang, k, 'photos.done', { op: 'done' })] : []),
    opItem(lang, k, 'back', { op: 'back' }),
    opItem(lang, k, 'quit', { op: 'quit' }),
  ];
  return withQuickReply(tr(lang, key, { max: MAX_PHOTOS, count, ...vars }), items);
}

export function locationPrompt(lang: Language, k: string, key = 'location.prompt') {
  return withQuickReply(tr(lang, key), [
    { type: 'action', action: { type: 'location', label: tr(lang, 'location.send').slice(0, 20) } },
    opItem(lang, k, 'back', { op: 'back' }),
    opItem(lang, k, 'quit', { op: 'quit' }),
  ]);
}

/** Closer than this, a report is at the same spot (a phone's position is rarely better than ~10 m). */
export const SAME_SPOT_M = 10;

/** "R000123 (in progress, at the same spot)" or "… about 40 m away" (rounded to 10 m, never "0 m"). */
export function nearbyLine(lang: Language, report: NearbyReport, status: string): string {
  if (report.distanceM < SAME_SPOT_M) return tr(lang, 'nearby.itemHere', { number: report.number, status });
  const distance = Math.round(report.distanceM / 10) * 10;
  return tr(lang, 'nearby.item', { number: report.number, status, distance });
}

/** Nearby reports offered at most (quick reply buttons: three plus new, back, quit). */
export const NEARBY_SHOWN = 3;

/** `shown`: at most NEARBY_SHOWN reports, the ones the flow state records as offered. */
export function nearbyPrompt(
  lang: Language,
  k: string,
  shown: readonly NearbyReport[],
  statusOf: (status: string) => string,
): messagingApi.TextMessage {
  const lines = shown.map((r) => nearbyLine(lang, r, statusOf(r.status)));
  return withQuickReply([tr(lang, 'nearby.intro'), ...lines].join('\n'), [
    ...shown.map((r) =>
      postbackItem(tr(lang, 'nearby.meToo', { number: r.number }), flowData(k, { op: 'metoo', r: r.id })),
    ),
    opItem(lang, k, 'nearby.new', { op: 'new' }),
    opItem(lang, k, 'back', { op: 'back' }),
    opItem(lang, k, 'quit', { op: 'quit' }),
  ]);
}

/**
 * The comment step. Its example is the category's own (a hole's size for a pothole, a pole's number for a street
 * light); a category without one gets the prompt without an example.
 */
export function commentPrompt(
  lang: Language,
  k: string,
  category: ReportCategory | undefined,
  key = 'comment.prompt',
  vars?: Record<string, number>,
) {
  const example = category ? localize(category.commentExample, lang) : '';
  const prompt =
    key === 'comment.prompt' && example
      ? tr(lang, 'comment.promptExample', { example })
      : tr(lang, key, vars);
  return withQuickReply(prompt, [
    opItem(lang, k, 'comment.skip', { op: 'skip' }),
    opItem(lang, k, 'back', { op: 'back' }),
    opItem(lang, k, 'quit', { op: 'quit' }),
  ]);
}

/** The first photo is not publicly reachable, so the card shows the count instead of an image. */
export function confirmCard(
  lang: Language,
  k: string,
  input: { category: string; address: string | null; comment: string | null; photoCount: number },
): messagingApi.FlexMessage {
  return renderFlex('report-confirm', {
    lang,
    data: {
      category: input.category,
      address: input.address || tr(lang, 'confirm.noAddress'),
      comment: input.comment || tr(lang, 'confirm.noComment'),
      photos: tr(lang, 'confirm.photoCount', { count: input.photoCount }),
      submitData: flowData(k, { op: 'submit' }),
      backData: flowData(k, { op: 'back' }),
      quitData: flowData(k, { op: 'quit' }),
    },
    altText: tr(lang, 'altText.confirm', { category: input.category }),
  });
}

export function myReportsText(lang: Language, reports: readonly UserReport[]): messagingApi.TextMessage {
  if (reports.length === 0) return text(lang, 'mine.empty');
  const lines = reports.map(
    (r) =>
      tr(lang, 'mine.item', { number: r.number, category: r.categoryName, status: r.statusLabel }) +
      (r.role === 'supporter' ? tr(lang, 'mine.supporter') : ''),
  );
  return { type: 'text', text: [tr(lang, 'mine.title'), ...lines].join('\n').slice(0, 5000) };
}
