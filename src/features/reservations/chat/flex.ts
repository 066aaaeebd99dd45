// Carousels whose bubbles come from different templates (a full day is a grey bubble without a button),
// and paging of long lists into LINE's 12 bubbles.
import type { messagingApi } from '@line/bot-sdk';
import { fillTemplate, getTemplate, type TemplateData } from '../../../flex/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { assertMessages, LIMITS } from '../../../line/message-limits.ts';

export interface BubbleSpec {
  template: string;
  data: TemplateData;
}

export function mixedCarousel(
  lang: Language,
  bubbles: readonly BubbleSpec[],
  altText: string,
): messagingApi.FlexMessage {
  const contents = bubbles.map((b, i) =>
    fillTemplate(getTemplate(b.template).tree, lang, b.data, `${b.template}[${i}]`),
  );
  const message = { type: 'flex', altText, contents: { type: 'carousel', contents } };
  // Throws on a carousel LINE would refuse (more than 12 bubbles, too large, bad action), before anything is sent.
  assertMessages([message]);
  return message as messagingApi.FlexMessage;
}

/** A page that exists: an old "more" button may point past a list that has since shrunk. */
export function livePageOf<T>(
  items: readonly T[],
  page: number,
): { items: T[]; more: boolean; page: number } {
  const shown = pageOf(items, page);
  return shown.items.length > 0 ? { ...shown, page } : { ...pageOf(items, 0), page: 0 };
}

/** One page of a list for a carousel: all of it if it fits, else 11 items and a "more" bubble. */
export function pageOf<T>(items: readonly T[], page: number): { items: T[]; more: boolean } {
  const perPage = LIMITS.carouselBubbles - 1;
  const rest = items.slice(page * perPage);
  return rest.length <= LIMITS.carouselBubbles
    ? { items: rest, more: false }
    : { items: rest.slice(0, perPage), more: true };
}
