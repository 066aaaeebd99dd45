// 子育て情報: loads the content at boot (a bad file stops the app) and registers the menu entry and topic buttons.
import { registerFeaturePostback } from '../../events/feature-postbacks.ts';
import { registerMenuItem } from '../menu/menu-actions.ts';
import { type ChildcareLibrary, loadChildcareContent } from './content.ts';
import { FEATURE_NAME, topicMessage, topicsMessage } from './menu.ts';

export { ChildcareContentError, loadChildcareContent, loadContentFile } from './content.ts';
export { FEATURE_NAME as CHILDCARE_FEATURE, topicData, topicMessage, topicsMessage } from './menu.ts';

export interface ChildcareOptions {
  /** Content to serve instead of the files in ./content (tests). */
  library?: ChildcareLibrary;
}

/** Call once per app; `services` is unused today but keeps the signature of the other features. */
export function registerChildcareFeature(_services?: unknown, options: ChildcareOptions = {}): void {
  const library = options.library ?? loadChildcareContent();
  registerMenuItem('childcare', async (ctx) => {
    ctx.send(topicsMessage(library, ctx.language));
  });
  registerFeaturePostback(FEATURE_NAME, async (ctx, fields) => {
    const message = topicMessage(library, ctx.language, fields.topic ?? '');
    if (message) ctx.send(message);
    else ctx.sendText('childcare:topic.unknown');
  });
}
