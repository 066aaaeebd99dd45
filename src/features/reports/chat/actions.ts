// The two endings of a report conversation: a new report (createReport) or "me too" on one nearby
// (addSupporter); each runs in a savepoint so a refusal is explained instead of failing the event.
import { clearState } from '../../../conversation/state-repository.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { loadCityBoundary } from '../../../geo/boundary.ts';
import { hasKey } from '../../../i18n/index.ts';
import { findCategory } from '../catalog/catalog.ts';
import { findReport } from '../repository.ts';
import { addSupporter, createReport } from '../resident-actions.ts';
import { commentPrompt, locationPrompt, text } from './cards.ts';
import type { ReportChatDeps } from './deps.ts';
import { attempt } from './savepoint.ts';
import { type FlowData, storeFlow } from './state.ts';

function errorKey(code: string): string {
  return hasKey(`reports:errors.${code}`) ? `errors.${code}` : 'error';
}

export function submitReport(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  data: FlowData,
): void {
  const lang = ctx.language;
  ctx.write(async (tx) => {
    const boundary = await loadCityBoundary();
    const result = await attempt(tx, () =>
      createReport(
        tx,
        {
          userId,
          category: data.category ?? '',
          lat: data.lat ?? Number.NaN,
          lon: data.lon ?? Number.NaN,
          address: data.address ?? null,
          comment: data.comment ?? null,
          photoKeys: data.photos,
        },
        { catalog: deps.catalog, boundary, autoPublish: ctx.services.config.open311AutoPublish },
      ),
    );
    if (result.ok) {
      await clearState(tx, userId);
      ctx.send(text(lang, 'done', { number: result.value.number }));
      return;
    }
    ctx.send(text(lang, errorKey(result.error.reportCode)));
    if (result.error.reportCode === 'OUTSIDE_CITY' || result.error.reportCode === 'INVALID_POSITION') {
      await storeFlow(tx, userId, { step: 'location', data });
      ctx.send(locationPrompt(lang, data.k));
    }
  });
}

export function meToo(
  ctx: HandlerContext,
  deps: ReportChatDeps,
  userId: string,
  data: FlowData,
  reportId: string,
): void {
  const lang = ctx.language;
  ctx.write(async (tx) => {
    // The engine keeps one photo per supporter and report: the first one sent joins the report.
    const result = await attempt(tx, () =>
      addSupporter(tx, deps.catalog, { reportId, userId, photoKey: data.photos[0] ?? null }),
    );
    if (result.ok) {
      const report = await findReport(tx, reportId);
      await clearState(tx, userId);
      ctx.send(text(lang, 'nearby.done', { number: report?.number ?? '' }));
      return;
    }
    // The report closed meanwhile (or is their own): carry on with a new report instead.
    ctx.send(text(lang, errorKey(result.error.reportCode)));
    await storeFlow(tx, userId, { step: 'comment', data });
    ctx.send(commentPrompt(lang, data.k, findCategory(deps.catalog, data.category ?? '')));
  });
}
