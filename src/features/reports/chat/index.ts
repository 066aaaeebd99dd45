// The resident side of 損傷報告 in the chat: registers the report conversation and its two menu entries.
import type { Services } from '../../../events/services.ts';
import { registerMenuItem } from '../../menu/menu-actions.ts';
import { loadReportCatalog } from '../catalog/catalog.ts';
import type { PhotoStore } from '../photos/store.ts';
import { listUserReports } from '../user-reports.ts';
import { myReportsText } from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { reportFlow } from './flow.ts';
import { newSessionKey } from './postback.ts';
import { goTo } from './steps.ts';

export type { ReportChatDeps } from './deps.ts';
export { FLOW_NAME as REPORT_FLOW } from './postback.ts';

export interface ReportFeatureOptions {
  store: PhotoStore;
  now?: (() => Date) | undefined;
}

/** Call once per app, with the photo store the configuration names (createPhotoStore(config)). */
export function registerReportFeature(
  services: Pick<Services, 'flows'>,
  options: ReportFeatureOptions,
): void {
  const deps: ReportChatDeps = {
    store: options.store,
    catalog: loadReportCatalog(),
    now: options.now ?? (() => new Date()),
  };
  services.flows.register(reportFlow(deps));
  registerMenuItem('reports', async (ctx) => {
    const userId = ctx.userId;
    if (!userId) return;
    // A new conversation (new key) replaces any other; old buttons then answer politely.
    goTo(ctx, deps, userId, 'category', { k: newSessionKey(), photos: [] });
  });
  registerMenuItem('myReports', async (ctx) => {
    const userId = ctx.userId;
    if (!userId) return;
    const reports = await listUserReports(ctx.services.pool, deps.catalog, userId, {
      language: ctx.language,
    });
    ctx.send(myReportsText(ctx.language, reports));
  });
}
