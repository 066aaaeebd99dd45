// Staff authentication (Bearer token or the console's session cookie → principal) behind a per-address lockout,
// the CSRF check of cookie-authenticated changes, and the checks and audit every admin route uses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Queryable } from '../db/transact.ts';
import { type FailurePolicy, pruneAuthFailures } from '../http/auth-failures.ts';
import { addressLockout } from '../http/auth-lockout.ts';
import { forbidden, HttpError } from '../http/http-error.ts';
import { createPollingLoop } from '../jobs/polling-loop.ts';
import { type AuditEntryInput, insertAudit } from './audit-repository.ts';
import { allows, type Role, type StaffPrincipal } from './roles.ts';
import {
  CSRF_HEADER,
  checkSession,
  csrfMatches,
  DEFAULT_SESSION_POLICY,
  looksLikeSessionId,
  pruneSessions,
  SESSION_COOKIE,
  type SessionPolicy,
} from './sessions.ts';
import { checkToken } from './staff-repository.ts';
import { hashToken, looksLikeToken } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffPrincipal | null;
    /** The console session's CSRF token when the request came with the session cookie (not a token). */
    consoleCsrf: string | null;
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
        ? 'a valid staff token (Authorization: Bearer …) or console session is required'
        : reason === 'session'
          ? 'the console session has ended: sign in again'
          : 'the staff token is unknown, revoked or expired',
    );
    this.reason = reason;
    this.staffId = staffId;
  }
}

async function staffAuthPlugin(
  fastify: FastifyInstance,
  options: { publicPrefixes: string[]; failures?: FailurePolicy; sessions?: SessionPolicy },
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
    round: async () => {
      await pruneAuthFailures(pool);
      await pruneSessions(pool);
    },
  });
  fastify.addHook('onReady', async () => prune.start());
  fastify.addHook('onClose', async () => prune.stop());
  fastify.decorateRequest('staff', null);
  fastify.decorateRequest('consoleCsrf', null);
  const sessionPolicy = options.sessions ?? DEFAULT_SESSION_POLICY;
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (options.publicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return;
    await lockout.guard(request, reply);
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const cookie = header === undefined ? request.cookies[SESSION_COOKIE] : undefined;
    let refused: StaffAuthError;
    if (cookie !== undefined) {
      const check = looksLikeSessionId(cookie) ? await checkSession(pool, cookie, sessionPolicy) : undefined;
      if (check?.ok) {
        request.staff = check.principal;
        request.consoleCsrf = check.csrfToken;
        // A browser sends the cookie with any request to this site; only the console's own script knows the
        // session's CSRF token, so a change without it (a form or script of another site) is refused.
        if (!SAFE_METHODS.has(request.method) && !csrfMatches(check.csrfToken, headerValue(request))) {
          throw forbidden(`a console change needs the session's ${CSRF_HEADER} header`);
        }
        return;
      }
      // An ended session is not a guess: it is not counted against the address.
      if (check) throw new StaffAuthError('session', check.staffId);
      refused = new StaffAuthError('malformed');
    } else if (!token) refused = new StaffAuthError('missing');
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function headerValue(request: FastifyRequest): string | undefined {
  const value = request.headers[CSRF_HEADER];
  return Array.isArray(value) ? value[0] : value;
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
