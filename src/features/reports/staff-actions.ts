// What staff do to a report: move it through the status workflow (with the residents to tell), write notes,
// assign the department, merge duplicates, hide it, and approve a redacted comment or photos for publication.
// Each runs inside the caller's transaction and records itself in report_events.
import type { Queryable } from '../../db/transact.ts';
import { findStatus, type ReportCatalog } from './catalog/catalog.ts';
import { ReportError } from './errors.ts';
import { findReport, lockReport, reportRecipients } from './repository.ts';
import { MAX_COMMENT_LENGTH, type Recipient, type Report } from './types.ts';

/** Staff ids are bigint: null for actions taken by the system. */
type StaffId = string | null;

async function mustLock(tx: Queryable, reportId: string): Promise<{ status: string }> {
  const row = await lockReport(tx, reportId);
  if (!row) throw new ReportError('REPORT_NOT_FOUND', `report ${reportId} does not exist`);
  return row;
}

async function reload(tx: Queryable, reportId: string): Promise<Report> {
  const report = await findReport(tx, reportId);
  if (!report) throw new Error(`report ${reportId} vanished`);
  return report;
}

function cleanReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  if (!trimmed) return null;
  if (trimmed.length > 1000)
    throw new ReportError('REASON_REQUIRED', 'the reason is longer than 1000 characters');
  return trimmed;
}

export interface StatusChange {
  report: Report;
  from: string;
  to: string;
  reason: string | null;
  /** Who must be told, in their language: the reporter first, then the me-too residents. */
  notify: Recipient[];
}

/** Refuses a move statuses.json does not allow, or one without the reason the target status requires. */
async function applyStatus(
  tx: Queryable,
  catalog: ReportCatalog,
  reportId: string,
  from: string,
  to: string,
  reason: string | null,
  staffId: StaffId,
  duplicateOf: string | null,
): Promise<StatusChange> {
  const target = findStatus(catalog, to);
  if (!target) throw new ReportError('UNKNOWN_STATUS', `no status "${to}"`);
  const current = findStatus(catalog, from);
  if (!current?.transitions.includes(to)) {
    throw new ReportError('TRANSITION_NOT_ALLOWED', `a report cannot go from ${from} to ${to}`);
  }
  if (target.requiresReason && !reason) throw new ReportError('REASON_REQUIRED', `${to} needs a reason`);
  await tx.query(
    `UPDATE reports SET status = $2, updated_at = now(),
            closed_at = CASE WHEN $3 THEN COALESCE(closed_at, now()) ELSE NULL END,
            duplicate_of = $4
      WHERE id = $1`,
    [reportId, to, target.closed, duplicateOf],
  );
  await tx.query(
    `INSERT INTO report_events (report_id, kind, from_status, to_status, reason, staff_id)
     VALUES ($1, 'status', $2, $3, $4, $5)`,
    [reportId, from, to, reason, staffId],
  );
  return {
    report: await reload(tx, reportId),
    from,
    to,
    reason,
    notify: await reportRecipients(tx, reportId),
  };
}

export async function changeStatus(
  tx: Queryable,
  catalog: ReportCatalog,
  input: { reportId: string; to: string; reason?: string | null; staffId: StaffId },
): Promise<StatusChange> {
  // A duplicate must say of which report, so that its residents follow the original: use mergeDuplicate.
  if (input.to === catalog.duplicateStatus) {
    throw new ReportError('USE_MERGE', 'mark a duplicate by merging it into the original report');
  }
  const { status } = await mustLock(tx, input.reportId);
  return applyStatus(
    tx,
    catalog,
    input.reportId,
    status,
    input.to,
    cleanReason(input.reason),
    input.staffId,
    null,
  );
}

export async function addNote(
  tx: Queryable,
  input: { reportId: string; note: string; staffId: StaffId },
): Promise<void> {
  const note = input.note.trim();
  if (!note || note.length > 4000) throw new ReportError('REASON_REQUIRED', 'a note is 1–4000 characters');
  await mustLock(tx, input.reportId);
  await tx.query(`INSERT INTO report_events (report_id, kind, note, staff_id) VALUES ($1, 'note', $2, $3)`, [
    input.reportId,
    note,
    input.staffId,
  ]);
}

export async function assignDepartment(
  tx: Queryable,
  catalog: ReportCatalog,
  input: { reportId: string; department: string; staffId: StaffId },
): Promise<Report> {
  if (!catalog.departments.some((d) => d.id === input.department)) {
    throw new ReportError('UNKNOWN_DEPARTMENT', `no department "${input.department}"`);
  }
  await mustLock(tx, input.reportId);
  const previous = await tx.query<{ department: string }>('SELECT department FROM reports WHERE id = $1', [
    input.reportId,
  ]);
  await tx.query('UPDATE reports SET department = $2, updated_at = now() WHERE id = $1', [
    input.reportId,
    input.department,
  ]);
  await tx.query(
    `INSERT INTO report_events (report_id, kind, staff_id, details) VALUES ($1, 'department', $2, $3)`,
    [
      input.reportId,
      input.staffId,
      JSON.stringify({ from: previous.rows[0]?.department ?? null, to: input.department }),
    ],
  );
  return reload(tx, input.reportId);
}

/**
 * Marks `duplicateId` as a duplicate of `originalId`: its reporter and me-too residents become supporters of
 * the original (so they hear of its progress), and they are told now that their report was merged.
 */
export async function mergeDuplicate(
  tx: Queryable,
  catalog: ReportCatalog,
  input: { duplicateId: string; originalId: string; reason?: string | null; staffId: StaffId },
): Promise<StatusChange & { original: Report }> {
  if (input.duplicateId === input.originalId) {
    throw new ReportError('INVALID_MERGE', 'a report cannot be a duplicate of itself');
  }
  // Lock in id order: two merges of the same pair the other way round must not deadlock.
  const [first, second] = [input.duplicateId, input.originalId].sort((a, b) => Number(a) - Number(b));
  await mustLock(tx, first as string);
  await mustLock(tx, second as string);
  const duplicate = await reload(tx, input.duplicateId);
  const original = await reload(tx, input.originalId);
  if (original.duplicateOf) {
    throw new ReportError('INVALID_MERGE', `report ${original.number} is itself a duplicate`);
  }
  const reason = cleanReason(input.reason) ?? `${original.number} と同じ内容`;
  // Notify before moving: the duplicate's residents are told of this change on their own report.
  const notify = await reportRecipients(tx, input.duplicateId);
  const change = await applyStatus(
    tx,
    catalog,
    input.duplicateId,
    duplicate.status,
    catalog.duplicateStatus,
    reason,
    input.staffId,
    input.originalId,
  );
  await tx.query(
    `INSERT INTO report_supporters (report_id, user_id, created_at)
     SELECT $2::bigint, user_id, created_at FROM report_supporters WHERE report_id = $1
     UNION ALL
     SELECT $2::bigint, user_id, created_at FROM reports WHERE id = $1 AND user_id IS NOT NULL
     ON CONFLICT DO NOTHING`,
    [input.duplicateId, input.originalId],
  );
  // The original's reporter is not their own supporter.
  await tx.query(
    `DELETE FROM report_supporters s USING reports r
      WHERE s.report_id = $1 AND r.id = $1 AND s.user_id = r.user_id`,
    [input.originalId],
  );
  await tx.query('DELETE FROM report_supporters WHERE report_id = $1', [input.duplicateId]);
  await tx.query('UPDATE reports SET updated_at = now() WHERE id = $1', [input.originalId]);
  await tx.query(
    `INSERT INTO report_events (report_id, kind, staff_id, details) VALUES ($1, 'merged', $2, $3)`,
    [input.originalId, input.staffId, JSON.stringify({ duplicate: duplicate.number })],
  );
  return {
    ...change,
    report: await reload(tx, input.duplicateId),
    notify,
    original: await reload(tx, input.originalId),
  };
}

export async function setHidden(
  tx: Queryable,
  input: { reportId: string; hidden: boolean; reason?: string | null; staffId: StaffId },
): Promise<Report> {
  await mustLock(tx, input.reportId);
  const reason = cleanReason(input.reason);
  await tx.query('UPDATE reports SET hidden = $2, hidden_reason = $3, updated_at = now() WHERE id = $1', [
    input.reportId,
    input.hidden,
    input.hidden ? reason : null,
  ]);
  await tx.query(`INSERT INTO report_events (report_id, kind, reason, staff_id) VALUES ($1, $2, $3, $4)`, [
    input.reportId,
    input.hidden ? 'hidden' : 'shown',
    reason,
    input.staffId,
  ]);
  return reload(tx, input.reportId);
}

/**
 * Sets the comment as it may be published (staff removed names, phone numbers, house numbers), or null to
 * publish no comment. The resident's original stays for staff only.
 */
export async function redactComment(
  tx: Queryable,
  input: { reportId: string; publicComment: string | null; staffId: StaffId },
): Promise<Report> {
  const text = input.publicComment?.trim() || null;
  if (text && text.length > MAX_COMMENT_LENGTH) {
    throw new ReportError('COMMENT_TOO_LONG', `the comment is longer than ${MAX_COMMENT_LENGTH} characters`);
  }
  await mustLock(tx, input.reportId);
  await tx.query('UPDATE reports SET public_comment = $2, updated_at = now() WHERE id = $1', [
    input.reportId,
    text,
  ]);
  await tx.query(`INSERT INTO report_events (report_id, kind, staff_id) VALUES ($1, 'redacted', $2)`, [
    input.reportId,
    input.staffId,
  ]);
  return reload(tx, input.reportId);
}

/** Approves a photo for publication (or withdraws it): only approved photos get a media_url in exports. */
export async function setPhotoPublic(
  tx: Queryable,
  input: { reportId: string; photoKey: string; public: boolean; staffId: StaffId },
): Promise<Report> {
  await mustLock(tx, input.reportId);
  const updated = await tx.query(
    'UPDATE report_photos SET public = $3 WHERE report_id = $1 AND photo_key = $2',
    [input.reportId, input.photoKey, input.public],
  );
  if (updated.rowCount !== 1) throw new ReportError('INVALID_PHOTO', 'the report has no such photo');
  await tx.query(
    `INSERT INTO report_events (report_id, kind, staff_id, details) VALUES ($1, 'photo', $2, $3)`,
    [input.reportId, input.staffId, JSON.stringify({ key: input.photoKey, public: input.public })],
  );
  return reload(tx, input.reportId);
}

/**
 * Publishes the report (Open311, the open-data exports, approved photos) or withdraws it. A hidden report is
 * not published: staff show it first, so that publishing never silently does nothing.
 */
export async function setPublished(
  tx: Queryable,
  input: { reportId: string; published: boolean; staffId: StaffId },
): Promise<Report> {
  await mustLock(tx, input.reportId);
  const before = await reload(tx, input.reportId);
  if (input.published && before.hidden) {
    throw new ReportError('REPORT_HIDDEN', 'the report is hidden: show it before publishing it');
  }
  await tx.query(
    `UPDATE reports SET published = $2,
            published_at = CASE WHEN $2 THEN COALESCE(published_at, now()) ELSE NULL END,
            updated_at = now()
      WHERE id = $1`,
    [input.reportId, input.published],
  );
  await tx.query(`INSERT INTO report_events (report_id, kind, staff_id) VALUES ($1, $2, $3)`, [
    input.reportId,
    input.published ? 'published' : 'unpublished',
    input.staffId,
  ]);
  return reload(tx, input.reportId);
}

/**
 * Approves publishing the exact point (staff checked it shows no one's home), or goes back to the point
 * rounded to about 10 m. The address stays at the town and 丁目 either way.
 */
export async function setExactLocationPublic(
  tx: Queryable,
  input: { reportId: string; exact: boolean; staffId: StaffId },
): Promise<Report> {
  await mustLock(tx, input.reportId);
  await tx.query('UPDATE reports SET exact_location_public = $2, updated_at = now() WHERE id = $1', [
    input.reportId,
    input.exact,
  ]);
  await tx.query(
    `INSERT INTO report_events (report_id, kind, staff_id, details) VALUES ($1, 'location', $2, $3)`,
    [input.reportId, input.staffId, JSON.stringify({ exact: input.exact })],
  );
  return reload(tx, input.reportId);
}
