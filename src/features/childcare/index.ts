// 子育て情報 as one feature: the content loaded at boot (a bad file stops the app), the menu entry and topic
// buttons, children's registration (feature postbacks with `topic` open a topic, those with `do` manage
// children), age reminders, staff segment messages and the retention purge.

import type { messagingApi } from '@line/bot-sdk';
import type { Language } from '../../i18n/languages.ts';
import type { FeatureDefinition } from '../contract.ts';
import { createChildcareAdminRoutes } from './admin/index.ts';
import { childrenEntryItems, childrenPart } from './children/index.ts';
import { type ChildcareLibrary, loadChildcareContent } from './content.ts';
import { FEATURE_NAME, topicMessage, topicsMessage } from './menu.ts';
import { createMilestoneReminderLoop } from './reminders/index.ts';
import { createRetentionLoop } from './retention.ts';
import { createSegmentSender } from './segments/sender.ts';

export { ChildcareContentError, loadChildcareContent, loadContentFile } from './content.ts';
export { FEATURE_NAME as CHILDCARE_FEATURE, topicData, topicMessage, topicsMessage } from './menu.ts';

/** The rich menu's 子育て: the topic carousel, with quick replies to register children and see them. */
export function topicsMenu(library: ChildcareLibrary, lang: Language): messagingApi.FlexMessage {
  return { ...topicsMessage(library, lang), quickReply: { items: childrenEntryItems(lang) } };
}

export interface ChildcareOptions {
  /** Content to serve instead of the files in ./content (tests). */
  library?: ChildcareLibrary;
}

/** 子育て情報 as one feature (the content as given, or the files in ./content). */
export function childcareFeatureWith(options: ChildcareOptions = {}): FeatureDefinition {
  return {
    name: 'childcare',
    menuItems: ['childcare', 'myChildren'],
    create({ services, config, now, wakeOutbox }) {
      const library = options.library ?? loadChildcareContent();
      const children = childrenPart({ library, now });
      const reminders = createMilestoneReminderLoop(services, { pollMs: 60_000, onQueued: wakeOutbox, now });
      const segments = createSegmentSender(services, {
        pollMs: 5_000,
        perSecond: config.segmentMulticastPerSecond,
        now,
      });
      const retention = createRetentionLoop(services, { pollMs: 6 * 60 * 60_000, now });
      return {
        flows: [children.flow],
        menu: {
          childcare: async (ctx) => ctx.send(topicsMenu(library, ctx.language)),
          // わたし tab: the registered children (or, first, the consent and registration).
          myChildren: async (ctx) => children.onPostback(ctx, { do: 'list' }),
        },
        postbacks: {
          [FEATURE_NAME]: async (ctx, fields) => {
            if (fields.do !== undefined) return children.onPostback(ctx, fields);
            const message = topicMessage(library, ctx.language, fields.topic ?? '');
            if (message) ctx.send(message);
            else ctx.sendText('childcare:topic.unknown');
          },
        },
        adminRoutes: [createChildcareAdminRoutes({ now, onScheduled: () => segments.wake() })],
        jobs: [
          { name: 'childcare.reminders', ...reminders },
          { name: 'childcare.segments', ...segments },
          { name: 'childcare.retention', ...retention },
        ],
      };
    },
  };
}

export const childcareFeature = childcareFeatureWith();
