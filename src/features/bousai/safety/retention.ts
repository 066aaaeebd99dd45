// Deletes the 安否 reports of each disaster REPORT_RETENTION_DAYS after staff closed it (what residents are told
// when they report), with the reporters' raw LINE traffic (it holds what they typed: a relative's name,
// address, phone), in one transaction per round; the disaster row stays, marked, as the record it happened.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { transact } from '../../../db/transact.ts';
import { createPollingLoop, type PollingLoop } from '../../../jobs/polling-loop.ts';
import { eraseRawData } from '../../../privacy/index.ts';
import { REPORT_RETENTION_DAYS } from './types.ts';

export interface ReportPurge {
  disasters: number;
  reports: number;
}

export async function purgeSafetyReports(pool: pg.Pool, now: Date): Promise<ReportPurge> {
  return transact(pool, async (tx) => {
    const due = await tx.query<{ id: string }>(
      `UPDATE bousai_disasters SET reports_deleted_at = $1
        WHERE closed_at IS NOT NULL AND reports_deleted_at IS NULL
          AND closed_at + make_interval(days => $2) <= $1
        RETURNING id`,
      [now, REPORT_RETENTION_DAYS],
    );
    if (due.rows.length === 0) return { disasters: 0, reports: 0 };
    const deleted = await tx.query<{ user_id: string }>(
      'DELETE FROM bousai_safety_reports WHERE disaster_id = ANY($1::bigint[]) RETURNING user_id',
      [due.rows.map((row) => row.id)],
    );
    await eraseRawData(
      tx,
      deleted.rows.map((row) => row.user_id),
      now,
    );
    return { disasters: due.rows.length, reports: deleted.rowCount ?? 0 };
  });
}

export function createReportRetentionLoop(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: { pollMs: number; now?: (() => Date) | undefined },
): PollingLoop<ReportPurge> {
  return createPollingLoop({
    name: 'bousai report retention',
    pollMs: options.pollMs,
    log: services.log,
    now: options.now,
    async round(now) {
      const purged = await purgeSafetyReports(services.pool, now);
      if (purged.disasters > 0) services.log.info({ ...purged }, '安否 reports deleted after their disaster');
      return purged;
    },
  });
}
