// 子育て情報: loads the content at boot (a bad file stops the app) and registers the menu entry and topic buttons.
import { registerFeaturePostback } from '../../events/feature-postbacks.ts';
import type { Services } from '../../events/services.ts';
import { registerMenuItem } from '../menu/menu-actions.ts';
import { registerChildrenFeature } from './children/index.ts';
import { type ChildcareLibrary, loadChildcareContent } from './content.ts';
import { FEATURE_NAME, topicMessage, topicsMessage } from './menu.ts';

export { ChildcareContentError, loadChildcareContent, loadContentFile } from './content.ts';
export { FEATURE_NAME as CHILDCARE_FEATURE, topicData, topicMessage, topicsMessage } from './menu.ts';

export interface ChildcareOptions {
  /** Content to serve instead of the files in ./content (tests). */
  library?: ChildcareLibrary;
  /** The clock for children's ages (tests move it); the real time by default. */
  now?: (() => Date) | undefined;
}

/** Call once per app: the topic menus and children's registration. */
export function registerChildcareFeature(services: Services, options: ChildcareOptions = {}): void {
  const library = options.library ?? loadChildcareContent();
  registerChildrenFeature(services, { library, ...(options.now ? { now: options.now } : {}) });
  registerMenuItem('childcare', async (ctx) => {
    ctx.send(topicsMessage(library, ctx.language));
  });
  registerFeaturePostback(FEATURE_NAME, async (ctx, fields) => {
    const message = topicMessage(library, ctx.language, fields.topic ?? '');
    if (message) ctx.send(message);
    else ctx.sendText('childcare:topic.unknown');
  });
}
