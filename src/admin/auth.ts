// Staff authentication (Bearer token → principal) behind a per-address lockout, and the checks and audit every
// admin route uses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Queryable } from '../db/transact.ts';
import { type FailurePolicy, pruneAuthFailures } from '../http/auth-failures.ts';
import { addressLockout } from '../http/auth-lockout.ts';
import { forbidden, HttpError } from '../http/http-error.ts';
import { createPollingLoop } from '../jobs/polling-loop.ts';
import { type AuditEntryInput, insertAudit } from './audit-repository.ts';
import { allows, type Role, type StaffPrincipal } from './roles.ts';
import { checkToken } from './staff-repository.ts';
import { hashToken, looksLikeToken } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffPrincipal | null;
  }
}

/**
 * Refused staff credentials per client address, counted by all instances together: 20 failures within
 * 10 minutes lock the address out for 15 minutes. Tokens are 256-bit random values, so this is not what
 * keeps them secret; it stops a scan early, bounds the refusals written to the audit log, and is the limit a
 * password login will share.
 */
export const STAFF_TOKEN_FAILURES: FailurePolicy = {
  scope: 'staff-token',
  maxFailures: 20,
  windowSeconds: 600,
  lockSeconds: 900,
};

/** 401 for a missing or refused staff credential; knows whose credential it was when the token exists. */
export class StaffAuthError extends HttpError {
  readonly staffId: string | null;
  readonly reason: string;

  constructor(reason: string, staffId: string | null = null) {
    super(
      401,
      'UNAUTHORIZED',
      reason === 'missing'
        ? 'a valid staff token is required (Authorization: Bearer …)'
        : 'the staff token is unknown, revoked or expired',
    );
    this.reason = reason;
    this.staffId = staffId;
  }
}

async function staffAuthPlugin(
  fastify: FastifyInstance,
  options: { publicPrefixes: string[]; failures?: FailurePolicy },
): Promise<void> {
  const pool = fastify.pg.pool;
  const lockout = addressLockout(pool, options.failures ?? STAFF_TOKEN_FAILURES, (request, outcome) =>
    insertAudit(pool, {
      staffId: null,
      action: 'auth.lockout',
      resourceType: 'client_address',
      resourceId: outcome.subject,
      details: { credential: 'staff-token', failures: outcome.failures, seconds: outcome.lockedForSeconds },
      requestId: request.id,
      ip: request.ip,
    }),
  );
  // Counts whose window and lockout are over are deleted hourly (those of Open311 keys too: one table).
  const prune = createPollingLoop({
    name: 'auth failure prune',
    pollMs: 60 * 60_000,
    log: fastify.log,
    round: () => pruneAuthFailures(pool),
  });
  fastify.addHook('onReady', async () => prune.start());
  fastify.addHook('onClose', async () => prune.stop());
  fastify.decorateRequest('staff', null);
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (options.publicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return;
    await lockout.guard(request, reply);
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    let refused: StaffAuthError;
    if (!token) refused = new StaffAuthError('missing');
    else if (!looksLikeToken(token)) refused = new StaffAuthError('malformed');
    else {
      const check = await checkToken(pool, hashToken(token));
      if (check.ok) {
        request.staff = check.principal;
        return;
      }
      refused = new StaffAuthError(check.reason, check.staffId);
    }
    await lockout.failed(request, reply);
    throw refused;
  });
}

export const staffAuth = fp(staffAuthPlugin, { name: 'staff-auth' });

export function currentStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new StaffAuthError('missing');
  return request.staff;
}

export function requireAdmin(request: FastifyRequest): StaffPrincipal {
  const staff = currentStaff(request);
  if (!staff.isAdmin) throw forbidden('only administrators may do this');
  return staff;
}

export function requireRole(request: FastifyRequest, scope: string, role: Role): StaffPrincipal {
  const staff = currentStaff(request);
  if (!allows(staff, scope, role)) throw forbidden(`this needs the ${role} role on ${scope}`);
  return staff;
}

/** Writes the audit entry for a staff request (in the caller's transaction when one is given). */
export async function audit(
  db: Queryable,
  request: FastifyRequest,
  entry: Omit<AuditEntryInput, 'staffId' | 'requestId' | 'ip'>,
): Promise<void> {
  await insertAudit(db, {
    ...entry,
    staffId: request.staff?.id ?? null,
    requestId: request.id,
    ip: request.ip,
  });
}

/**
 * Audits a request refused for its credential (401) or its role (403): who when known, which route, from
 * which address. Written after the request's own transaction rolled back, so the refusal is kept.
 */
export async function auditRefusal(
  db: Queryable,
  request: FastifyRequest,
  status: 401 | 403,
  error: Error,
): Promise<void> {
  await insertAudit(db, {
    staffId: error instanceof StaffAuthError ? error.staffId : (request.staff?.id ?? null),
    action: status === 401 ? 'access.unauthenticated' : 'access.forbidden',
    resourceType: 'route',
    resourceId: `${request.method} ${request.routeOptions.url ?? ''}`.slice(0, 200),
    details: {
      path: (request.url.split('?')[0] ?? '').slice(0, 200),
      reason: error instanceof StaffAuthError ? error.reason : error.message,
    },
    requestId: request.id,
    ip: request.ip,
  });
}
