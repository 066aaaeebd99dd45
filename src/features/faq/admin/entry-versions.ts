// Saving a new version of an entry (staff edit, import, phrasing added, retirement): the version number checked
// against the one the staff member edited, checked against the known areas and departments, audited in the
// same transaction. Other instances pick it up by the revision number before their next answer.
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { audit } from '../../../admin/auth.ts';
import { badRequest, conflict } from '../../../http/http-error.ts';
import type { FaqContent, FaqEntry } from '../content.ts';
import { entryVersion, insertVersion } from '../repository.ts';

/** 400 when the entry names an area or department the content does not have. */
export function checkKnown(content: FaqContent, entry: Pick<FaqEntry, 'area' | 'department'>): void {
  if (!content.areas.some((a) => a.id === entry.area)) {
    throw badRequest(`body.entry.area: unknown area; one of ${content.areas.map((a) => a.id).join(', ')}`);
  }
  if (!content.departments.some((d) => d.id === entry.department)) {
    throw badRequest(
      `body.entry.department: unknown department; one of ${content.departments.map((d) => d.id).join(', ')}`,
    );
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/** Saves `entry` (null: retire) as the next version; 409 when `baseVersion` is not the current one. */
export async function saveVersion(
  tx: pg.PoolClient,
  request: FastifyRequest,
  input: {
    entryId: string;
    entry: FaqEntry | null;
    source: 'staff' | 'import';
    baseVersion?: number | undefined;
    action: string;
    at: Date;
    details?: Record<string, unknown>;
  },
): Promise<number> {
  const current = await entryVersion(tx, input.entryId);
  if (input.baseVersion !== undefined && input.baseVersion !== current) {
    throw conflict(
      `entry ${input.entryId} is at version ${current}, not ${input.baseVersion}: reload and edit again`,
    );
  }
  const version = current + 1;
  try {
    await tx.query('SAVEPOINT faq_version');
    await insertVersion(tx, {
      entryId: input.entryId,
      version,
      entry: input.entry,
      source: input.source,
      staffId: request.staff?.id ?? null,
      at: input.at,
    });
    await tx.query('RELEASE SAVEPOINT faq_version');
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT faq_version');
    throw conflict(`entry ${input.entryId} was changed at the same moment: reload and edit again`);
  }
  await audit(tx, request, {
    action: input.action,
    resourceType: 'faq_entry',
    resourceId: input.entryId,
    details: { version, source: input.source, retired: input.entry === null, ...input.details },
  });
  return version;
}
