// Tells the reporter and the me-too residents that a report's status changed: one push each, in their
// language, queued in the caller's transaction with a retry key per report, event and resident.
import type { messagingApi } from '@line/bot-sdk';
import type { Queryable } from '../../db/transact.ts';
import { t } from '../../i18n/index.ts';
import type { Language } from '../../i18n/languages.ts';
import { enqueuePush } from '../../outbox/outbox-repository.ts';
import { stableRetryKey } from '../reservations/admin-notify.ts';
import { findCategory, localize, type ReportCatalog, statusLabel } from './catalog/catalog.ts';
import type { StatusChange } from './staff-actions.ts';
import type { Recipient, Report } from './types.ts';

/** The same event (the status event's id) for the same resident always gets the same key: sent once. */
export function reportNoticeRetryKey(reportId: string, eventId: string, userId: string): string {
  return stableRetryKey(`report:${reportId}:event:${eventId}:${userId}`);
}

export function statusNoticeText(
  catalog: ReportCatalog,
  report: Report,
  recipient: Recipient,
  reason: string | null,
  original: Report | null,
): string {
  const lang: Language = recipient.language;
  const category = findCategory(catalog, report.category);
  const vars = {
    number: report.number,
    category: category ? localize(category.name, lang) : report.category,
    status: statusLabel(catalog, report.status, lang),
  };
  if (original) return t(lang, 'reportNotices:merged', { number: report.number, original: original.number });
  const key = recipient.role === 'reporter' ? 'statusChanged' : 'supporterStatusChanged';
  const lines = [t(lang, `reportNotices:${key}`, vars)];
  // Reasons are staff words in Japanese: shown as written, and framed as such for a reader of another language.
  if (reason)
    lines.push(t(lang, lang === 'ja' ? 'reportNotices:reason' : 'reportNotices:cityWords', { reason }));
  return lines.join('\n');
}

/** Queues one push per recipient of the change; returns how many were queued. */
export async function notifyStatusChange(
  tx: Queryable,
  catalog: ReportCatalog,
  change: StatusChange & { original?: Report },
): Promise<number> {
  const event = await tx.query<{ id: string }>(
    `SELECT id::text AS id FROM report_events WHERE report_id = $1 AND kind = 'status' ORDER BY id DESC LIMIT 1`,
    [change.report.id],
  );
  const eventId = event.rows[0]?.id ?? '0';
  for (const recipient of change.notify) {
    const message: messagingApi.Message = {
      type: 'text',
      text: statusNoticeText(catalog, change.report, recipient, change.reason, change.original ?? null),
    };
    await enqueuePush(tx, {
      toId: recipient.userId,
      messages: [message],
      retryKey: reportNoticeRetryKey(change.report.id, eventId, recipient.userId),
    });
  }
  return change.notify.length;
}
