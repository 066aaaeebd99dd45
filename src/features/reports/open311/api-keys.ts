// Open311 API keys: POST requests.json needs one of the configured keys (OPEN311_API_KEYS), compared in
// constant time so the answer's timing tells nothing about a key, behind a per-address lockout shared by all
// instances (partner keys are chosen by people and may be weaker than staff tokens).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { insertAudit } from '../../../admin/audit-repository.ts';
import type { Queryable } from '../../../db/transact.ts';
import type { FailurePolicy } from '../../../http/auth-failures.ts';
import { addressLockout } from '../../../http/auth-lockout.ts';
import { Open311Error } from './params.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Refused keys per client address: 10 within 10 minutes lock the address out of POST for 15 minutes. */
export const OPEN311_KEY_FAILURES: FailurePolicy = {
  scope: 'open311-key',
  maxFailures: 10,
  windowSeconds: 600,
  lockSeconds: 900,
};

export function apiKeyChecker(keys: readonly string[]): (candidate: unknown) => boolean {
  const digests = keys
    .map((k) => k.trim())
    .filter(Boolean)
    .map(digest);
  return (candidate) => {
    if (typeof candidate !== 'string' || candidate === '') return false;
    const given = digest(candidate);
    // Every key is compared, whatever matched, so the time does not depend on which one did.
    let ok = false;
    for (const key of digests) ok = timingSafeEqual(key, given) || ok;
    return ok;
  };
}

/**
 * Resolves when `candidate` is a valid key; otherwise throws 403 (and counts the failure), or 429 with
 * Retry-After while the client's address is locked out — checked before the key, so guessing gains nothing.
 */
export function apiKeyGuard(
  db: Queryable,
  keys: readonly string[],
  policy: FailurePolicy = OPEN311_KEY_FAILURES,
): (request: FastifyRequest, reply: FastifyReply, candidate: unknown) => Promise<void> {
  const isKey = apiKeyChecker(keys);
  const lockout = addressLockout(db, policy, (request, outcome) =>
    insertAudit(db, {
      staffId: null,
      action: 'auth.lockout',
      resourceType: 'client_address',
      resourceId: outcome.subject,
      details: { credential: 'open311-key', failures: outcome.failures, seconds: outcome.lockedForSeconds },
      requestId: request.id,
      ip: request.ip,
    }),
  );
  return async (request, reply, candidate) => {
    await lockout.guard(request, reply);
    if (isKey(candidate)) return;
    request.log.info({ ip: request.ip }, 'open311 POST refused: api_key missing or not valid');
    await lockout.failed(request, reply);
    throw new Open311Error(403, 'api_key is missing or not valid');
  };
}
