// 損傷報告 as one feature: the report conversation and its menu entries, the staff API, Open311 for partners,
// and the sweep of photos of reports never submitted.
import type { FeatureDefinition } from '../contract.ts';
import { createReportsAdminRoutes } from './admin/index.ts';
import { loadReportCatalog } from './catalog/catalog.ts';
import { myReportsText } from './chat/cards.ts';
import type { ReportChatDeps } from './chat/deps.ts';
import { reportFlow } from './chat/flow.ts';
import { OFFER_FEATURE, onReportOfferPostback, reportOffer } from './chat/offers.ts';
import { newSessionKey } from './chat/postback.ts';
import { goTo } from './chat/steps.ts';
import { open311Routes } from './open311/index.ts';
import { createPhotoStore, createPhotoSweepLoop } from './photos/index.ts';
import { listUserReports } from './user-reports.ts';

export const reportsFeature: FeatureDefinition = {
  name: 'reports',
  menuItems: ['reports', 'myReports'],
  create({ services, config, now }) {
    const store = createPhotoStore(config);
    const catalog = loadReportCatalog();
    const deps: ReportChatDeps = { store, catalog, now };
    const sweep = createPhotoSweepLoop({ ...services, store }, { pollMs: 60 * 60_000, now });
    return {
      flows: [reportFlow(deps)],
      menu: {
        reports: async (ctx) => {
          if (!ctx.userId) return;
          // A new conversation (new key) replaces any other; old buttons then answer politely.
          goTo(ctx, deps, ctx.userId, 'category', { k: newSessionKey(), photos: [] });
        },
        myReports: async (ctx) => {
          if (!ctx.userId) return;
          const reports = await listUserReports(services.pool, catalog, ctx.userId, {
            language: ctx.language,
          });
          ctx.send(myReportsText(ctx.language, reports));
        },
      },
      // A photo or a place sent outside any conversation: offered as the start of a report.
      offer: reportOffer,
      postbacks: { [OFFER_FEATURE]: (ctx, fields) => onReportOfferPostback(ctx, deps, fields) },
      adminRoutes: [createReportsAdminRoutes({ store, catalog })],
      // Open311 GeoReport v2 for partners and the city's GIS (public reads, API-keyed POST); its own error
      // format and form parser stay inside its scope.
      publicRoutes: [
        (fastify) =>
          open311Routes(fastify, {
            apiKeys: config.open311ApiKeys,
            autoPublish: config.open311AutoPublish,
            store,
            catalog,
            publicBaseUrl: config.publicBaseUrl,
            now,
          }),
      ],
      jobs: [{ name: 'reports.photo-sweep', ...sweep }],
    };
  },
};
