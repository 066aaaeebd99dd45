// The audit log: every staff action and every read of residents' personal data, and its listing for admins.
import type { Queryable } from '../db/transact.ts';

export interface AuditEntryInput {
  staffId: string | null;
  action: string;
  resourceType: string;
  resourceId?: string | null | undefined;
  personalData?: boolean | undefined;
  details?: Record<string, unknown> | undefined;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export interface AuditEntry {
  id: string;
  at: Date;
  staffId: string | null;
  staffName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  personalData: boolean;
  details: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

interface AuditRow {
  id: string;
  at: Date;
  staff_id: string | null;
  staff_name: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  personal_data: boolean;
  details: Record<string, unknown>;
  request_id: string | null;
  ip: string | null;
}

export async function insertAudit(db: Queryable, entry: AuditEntryInput): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (staff_id, action, resource_type, resource_id, personal_data, details, request_id, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.staffId,
      entry.action,
      entry.resourceType,
      entry.resourceId ?? null,
      entry.personalData ?? false,
      JSON.stringify(entry.details ?? {}),
      entry.requestId ?? null,
      entry.ip ?? null,
    ],
  );
}

export interface AuditFilter {
  staffId?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  action?: string | undefined;
  ip?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Page backwards from this id (exclusive). */
  beforeId?: string | undefined;
  limit: number;
}

export async function listAudit(db: Queryable, filter: AuditFilter): Promise<AuditEntry[]> {
  const result = await db.query<AuditRow>(
    `SELECT a.id, a.at, a.staff_id, s.name AS staff_name, a.action, a.resource_type, a.resource_id,
            a.personal_data, a.details, a.request_id, a.ip
       FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
      WHERE ($1::bigint IS NULL OR a.staff_id = $1)
        AND ($2::text IS NULL OR a.resource_type = $2)
        AND ($3::text IS NULL OR a.resource_id = $3)
        AND ($4::text IS NULL OR a.action = $4)
        AND ($5::timestamptz IS NULL OR a.at >= $5)
        AND ($6::timestamptz IS NULL OR a.at < $6)
        AND ($7::bigint IS NULL OR a.id < $7)
        AND ($9::text IS NULL OR a.ip = $9)
      ORDER BY a.id DESC
      LIMIT $8`,
    [
      filter.staffId ?? null,
      filter.resourceType ?? null,
      filter.resourceId ?? null,
      filter.action ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.beforeId ?? null,
      filter.limit,
      filter.ip ?? null,
    ],
  );
  return result.rows.map((row) => ({
    id: String(row.id),
    at: row.at,
    staffId: row.staff_id === null ? null : String(row.staff_id),
    staffName: row.staff_name,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    personalData: row.personal_data,
    details: row.details,
    requestId: row.request_id,
    ip: row.ip,
  }));
}
