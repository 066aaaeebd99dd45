// Per-address lockout around a credential check: a locked-out client is refused with 429 and Retry-After
// before its credential is looked at (so guessing gains nothing), and each failed check is counted.
// Successful checks are neither counted nor delayed; the guard costs one primary-key read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/transact.ts';
import { type FailureOutcome, type FailurePolicy, failureCounter } from './auth-failures.ts';
import { addressSubject } from './client-address.ts';
import { tooManyFailures } from './http-error.ts';

export interface AddressLockout {
  /** Throws 429 (with Retry-After) while the client's address is locked out. */
  guard(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts a failed check from the client's address; throws 429 when this failure locked it out. */
  failed(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export function addressLockout(
  db: Queryable,
  policy: FailurePolicy,
  /** Called once per lockout (not at every refusal), to log or audit it. */
  onLockout: (request: FastifyRequest, outcome: FailureOutcome & { subject: string }) => Promise<void>,
): AddressLockout {
  const counter = failureCounter(db, policy);
  const refuse = (reply: FastifyReply, seconds: number): never => {
    reply.header('retry-after', String(seconds));
    throw tooManyFailures(seconds);
  };
  return {
    async guard(request, reply) {
      const seconds = await counter.lockedFor(addressSubject(request.ip));
      if (seconds > 0) refuse(reply, seconds);
    },
    async failed(request, reply) {
      const subject = addressSubject(request.ip);
      const outcome = await counter.fail(subject);
      if (outcome.lockedForSeconds === 0) return;
      if (outcome.lockedNow) {
        request.log.warn(
          {
            scope: policy.scope,
            ip: request.ip,
            failures: outcome.failures,
            seconds: outcome.lockedForSeconds,
          },
          'address locked out after repeated failed credentials',
        );
        // The lockout holds whether or not its record could be written.
        await onLockout(request, { ...outcome, subject }).catch((error: unknown) =>
          request.log.error({ err: error }, 'lockout not recorded'),
        );
      }
      refuse(reply, outcome.lockedForSeconds);
    },
  };
}
