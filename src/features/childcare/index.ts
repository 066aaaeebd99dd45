// 子育て情報: loads the content at boot (a bad file stops the app) and registers the menu entry, the topic
// buttons and children's registration (feature postbacks with `topic` open a topic, those with `do` manage
// children).

import type { messagingApi } from '@line/bot-sdk';
import { registerFeaturePostback } from '../../events/feature-postbacks.ts';
import type { Services } from '../../events/services.ts';
import type { Language } from '../../i18n/languages.ts';
import { registerMenuItem } from '../menu/menu-actions.ts';
import { childrenEntryItems, registerChildrenFeature } from './children/index.ts';
import { type ChildcareLibrary, loadChildcareContent } from './content.ts';
import { FEATURE_NAME, topicMessage, topicsMessage } from './menu.ts';

export { ChildcareContentError, loadChildcareContent, loadContentFile } from './content.ts';
export { FEATURE_NAME as CHILDCARE_FEATURE, topicData, topicMessage, topicsMessage } from './menu.ts';

/** The rich menu's 子育て: the topic carousel, with quick replies to register children and see them. */
export function topicsMenu(library: ChildcareLibrary, lang: Language): messagingApi.FlexMessage {
  return { ...topicsMessage(library, lang), quickReply: { items: childrenEntryItems(lang) } };
}

export interface ChildcareOptions {
  /** Content to serve instead of the files in ./content (tests). */
  library?: ChildcareLibrary;
  /** The clock for children's ages (tests move it); the real time by default. */
  now?: (() => Date) | undefined;
}

/** Call once per app: the topic menus and children's registration. */
export function registerChildcareFeature(services: Services, options: ChildcareOptions = {}): void {
  const library = options.library ?? loadChildcareContent();
  const children = registerChildrenFeature(services, {
    library,
    ...(options.now ? { now: options.now } : {}),
  });
  registerMenuItem('childcare', async (ctx) => {
    ctx.send(topicsMenu(library, ctx.language));
  });
  // わたし tab: the registered children (or, first, the consent and registration).
  registerMenuItem('myChildren', async (ctx) => children.onPostback(ctx, { do: 'list' }));
  registerFeaturePostback(FEATURE_NAME, async (ctx, fields) => {
    if (fields.do !== undefined) return children.onPostback(ctx, fields);
    const message = topicMessage(library, ctx.language, fields.topic ?? '');
    if (message) ctx.send(message);
    else ctx.sendText('childcare:topic.unknown');
  });
}
