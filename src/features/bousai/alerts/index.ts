// The alerts part of 防災: disaster mode (switch job, staff API), JMA 防災情報XML ingest, 避難情報 pushes and their
// chat entries. feature.ts merges what this returns into the bousai feature.
import type { Feature, FeatureContext } from '../../contract.ts';
import { createAlertsAdminRoutes } from './admin/index.ts';
import { ALERTS_POSTBACK, alertsPostback, contactsHandler, evacuationInfoHandler } from './chat.ts';
import { createJmaIngest } from './jma/ingest.ts';
import { createModeSwitchJob } from './mode/job.ts';
import { createAlertSender } from './push/sender.ts';

/** The menu entries this part answers (the disaster menu's 避難情報 and 災害時の連絡先). */
export const ALERTS_MENU_ITEMS = ['evacuationInfo', 'disasterContacts'] as const;

export function createAlertsPart(
  context: FeatureContext,
): Required<Pick<Feature, 'menu' | 'postbacks' | 'adminRoutes' | 'jobs'>> {
  const { services, config, now, wakeOutbox } = context;
  const modeSwitch = createModeSwitchJob(services, { linksPerSecond: config.bousai.menuLinksPerSecond, now });
  const sender = createAlertSender(services, { perSecond: config.segmentMulticastPerSecond, now });
  const jma = createJmaIngest(services, {
    feedUrl: config.bousai.jmaFeedUrl,
    pollMs: config.bousai.jmaPollSeconds * 1000,
    onDutyLineUserIds: config.bousai.onDutyLineUserIds,
    now,
    onAction: () => {
      modeSwitch.wake?.();
      wakeOutbox();
    },
  });
  return {
    menu: { evacuationInfo: evacuationInfoHandler(now), disasterContacts: contactsHandler },
    postbacks: { [ALERTS_POSTBACK]: alertsPostback },
    adminRoutes: [
      createAlertsAdminRoutes({
        now,
        onSwitchRequested: () => modeSwitch.wake?.(),
        onAlertCreated: () => sender.wake?.(),
      }),
    ],
    jobs: [modeSwitch, sender, jma],
  };
}
