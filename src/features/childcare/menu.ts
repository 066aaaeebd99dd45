// The 子育て情報 menus: the topic carousel from the rich menu, and one topic's items from its button.
import type { messagingApi } from '@line/bot-sdk';
import { postbackData } from '../../events/postback-data.ts';
import { renderCarousel } from '../../flex/index.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../i18n/languages.ts';
import type { ChildcareLibrary } from './content.ts';

export const FEATURE_NAME = 'childcare';

export function topicData(topicId: string): string {
  return postbackData({ action: 'feature', feature: FEATURE_NAME, topic: topicId });
}

/** The carousel of topics, each with a button that opens it. */
export function topicsMessage(library: ChildcareLibrary, lang: Language): messagingApi.FlexMessage {
  const topics = library[lang].topics.map((topic) => ({
    title: topic.title,
    summary: topic.summary,
    data: topicData(topic.id),
  }));
  return renderCarousel('childcare-topic', topics, { lang, altText: t(lang, 'childcare:menu.altText') });
}

/** One topic's items with hours, the city's page and a phone button; null for a topic no longer offered. */
export function topicMessage(
  library: ChildcareLibrary,
  lang: Language,
  topicId: string,
): messagingApi.FlexMessage | null {
  const topic = library[lang].topics.find((candidate) => candidate.id === topicId);
  if (!topic) return null;
  const items = topic.items.map((item) => ({
    title: item.title,
    text: item.text,
    hours: item.hours,
    url: item.url,
    tel: `tel:${item.tel.replaceAll('-', '')}`,
  }));
  return renderCarousel('childcare-item', items, {
    lang,
    altText: t(lang, 'childcare:topic.altText', { title: topic.title }),
  });
}
