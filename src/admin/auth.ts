// Staff authentication (Bearer token → principal) and the checks and audit every admin route uses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Queryable } from '../db/transact.ts';
import { forbidden, unauthorized } from '../http/http-error.ts';
import { type AuditEntryInput, insertAudit } from './audit-repository.ts';
import { allows, type Role, type StaffPrincipal } from './roles.ts';
import { findPrincipalByTokenHash } from './staff-repository.ts';
import { hashToken, looksLikeToken } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffPrincipal | null;
  }
}

async function staffAuthPlugin(
  fastify: FastifyInstance,
  options: { publicPrefixes: string[] },
): Promise<void> {
  fastify.decorateRequest('staff', null);
  fastify.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (options.publicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token || !looksLikeToken(token)) throw unauthorized();
    const principal = await findPrincipalByTokenHash(fastify.pg.pool, hashToken(token));
    if (!principal) throw unauthorized('the staff token is unknown, revoked or expired');
    request.staff = principal;
  });
}

export const staffAuth = fp(staffAuthPlugin, { name: 'staff-auth' });

export function currentStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw unauthorized();
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
