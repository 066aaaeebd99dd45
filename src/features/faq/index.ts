// よくある質問 and お問い合わせ as one feature: content loaded and checked at boot (overlaid with staff edits from
// the database), typed questions answered or routed to other features (the contract's freeText), the two
// rich-menu entries and their buttons, the curation staff API (scope `faq`) and the one-year question purge.
import type { FeatureDefinition } from '../contract.ts';
import { createFaqAdminRoutes } from './admin/index.ts';
import { FEATURE_NAME } from './cards.ts';
import { faqChat } from './chat.ts';
import { type FaqContent, loadFaqContent } from './content.ts';
import { createQuestionRetentionLoop } from './retention.ts';
import { FaqStore } from './store.ts';

export { FaqContentError, loadFaqContent } from './content.ts';
export { FaqEngine } from './engine.ts';

export interface FaqOptions {
  /** Content to serve instead of the files in ./content (tests). */
  content?: FaqContent;
}

export function faqFeatureWith(options: FaqOptions = {}): FeatureDefinition {
  return {
    name: 'faq',
    menuItems: ['faq', 'contact'],
    create({ services, now }) {
      const store = new FaqStore(options.content ?? loadFaqContent());
      const chat = faqChat(store, now);
      const retention = createQuestionRetentionLoop(services, { pollMs: 6 * 60 * 60_000, now });
      return {
        menu: { faq: chat.faqMenu, contact: chat.contactMenu },
        postbacks: { [FEATURE_NAME]: chat.onPostback },
        freeText: chat.freeText,
        adminRoutes: [createFaqAdminRoutes({ store, now })],
        jobs: [{ name: 'faq.retention', ...retention }],
      };
    },
  };
}

export const faqFeature = faqFeatureWith();
