// Renders flex-templates/ into Flex messages in the user's language, checked against LINE's limits.
import type { messagingApi } from '@line/bot-sdk';
import type { Language } from '../i18n/languages.ts';
import { assertMessages, LIMITS } from '../line/message-limits.ts';
import { FlexTemplateError, fillTemplate, type TemplateData } from './fill.ts';
import { getTemplate } from './templates.ts';

export { FlexTemplateError, fillTemplate, type TemplateData, templateVariables } from './fill.ts';
export { getTemplate, templateNames } from './templates.ts';

export interface RenderOptions {
  lang: Language;
  data?: TemplateData;
  /** What notifications and the chat list show; 1 to 1500 characters. */
  altText: string;
}

function checked(contents: unknown, altText: string): messagingApi.FlexMessage {
  const message = { type: 'flex', altText, contents };
  // Throws MessageLimitError on any LINE limit: altText, sizes, labels, URIs, postback data.
  assertMessages([message]);
  return message as messagingApi.FlexMessage;
}

/** A Flex message from one template (bubble or carousel) filled with translations and data. */
export function renderFlex(template: string, options: RenderOptions): messagingApi.FlexMessage {
  const contents = fillTemplate(getTemplate(template).tree, options.lang, options.data ?? {}, template);
  return checked(contents, options.altText);
}

/** A carousel of one bubble template filled once per item (1 to 12 items). */
export function renderCarousel(
  template: string,
  items: ReadonlyArray<TemplateData>,
  options: Omit<RenderOptions, 'data'>,
): messagingApi.FlexMessage {
  const { tree } = getTemplate(template);
  if (tree.type !== 'bubble') throw new FlexTemplateError(`template "${template}" is not a bubble`);
  if (items.length < 1 || items.length > LIMITS.carouselBubbles) {
    throw new FlexTemplateError(
      `a carousel needs 1 to ${LIMITS.carouselBubbles} bubbles, got ${items.length}`,
    );
  }
  const bubbles = items.map((item, i) => fillTemplate(tree, options.lang, item, `${template}[${i}]`));
  return checked({ type: 'carousel', contents: bubbles }, options.altText);
}
