// The console's sign-in: POST /admin/login (login id + password → HttpOnly session cookie and the session's
// CSRF token), GET /admin/session (who is signed in, the enabled features), POST /admin/logout, and
// POST /admin/setup (the first administrator, with the one-time link). Failed passwords are counted per
// address and per account (auth_failures): too many lock either out for a while.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { transact } from '../db/transact.ts';
import { type FailurePolicy, failureCounter } from '../http/auth-failures.ts';
import { addressLockout } from '../http/auth-lockout.ts';
import { accountSubject } from '../http/client-address.ts';
import { conflict, HttpError } from '../http/http-error.ts';
import { insertAudit } from './audit-repository.ts';
import { audit, currentStaff, StaffAuthError } from './auth.ts';
import { loginIdSchema, passwordSchema } from './login-schemas.ts';
import { dummyHash, hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from './passwords.ts';
import {
  createSession,
  DEFAULT_SESSION_POLICY,
  deleteSession,
  SESSION_COOKIE,
  type SessionPolicy,
} from './sessions.ts';
import { useSetupLink } from './setup-links.ts';
import { roleOut } from './staff-routes.ts';
import { hasActiveAdministrator } from './startup-notes.ts';

/** Wrong passwords from one address: 20 within 10 minutes lock it out for 15 minutes. */
export const CONSOLE_ADDRESS_FAILURES: FailurePolicy = {
  scope: 'console-password',
  maxFailures: 20,
  windowSeconds: 600,
  lockSeconds: 900,
};
/** Wrong passwords for one account, from anywhere: 5 within 15 minutes lock it for 15 minutes. */
export const CONSOLE_ACCOUNT_FAILURES: FailurePolicy = {
  scope: 'console-account',
  maxFailures: 5,
  windowSeconds: 900,
  lockSeconds: 900,
};

export interface ConsoleSettings {
  /** Map tiles URL template ({z}/{x}/{y}); null shows the outline and markers only. */
  mapTiles: string | null;
  mapAttribution: string;
}

export interface SessionRoutesOptions {
  sessions?: SessionPolicy;
  /** Names of the enabled features (the console shows their pages only). */
  features: string[];
  settings: ConsoleSettings;
  /** Cookies are Secure when this is https (or the request came over https). */
  publicBaseUrl?: string | undefined;
}

const sessionAnswer = z.object({
  staff: z.object({ id: z.string(), name: z.string(), isAdmin: z.boolean(), roles: z.array(roleOut) }),
  csrfToken: z.string().nullable().describe('send it as X-CSRF-Token with every change (console sessions)'),
  features: z.array(z.string()),
  settings: z.object({ mapTiles: z.string().nullable(), mapAttribution: z.string() }),
});

const tooManyForAccount = (seconds: number) =>
  new HttpError(
    429,
    'TOO_MANY_FAILURES',
    `too many failed sign-ins for this account; try again in ${seconds} seconds`,
  );

export function sessionRoutes(options: SessionRoutesOptions) {
  const policy = options.sessions ?? DEFAULT_SESSION_POLICY;
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const lockout = addressLockout(pool, CONSOLE_ADDRESS_FAILURES, (request, outcome) =>
      insertAudit(pool, {
        staffId: null,
        action: 'auth.lockout',
        resourceType: 'client_address',
        resourceId: outcome.subject,
        details: {
          credential: 'console-password',
          failures: outcome.failures,
          seconds: outcome.lockedForSeconds,
        },
        requestId: request.id,
        ip: request.ip,
      }),
    );
    const accounts = failureCounter(pool, CONSOLE_ACCOUNT_FAILURES);

    async function startSession(request: FastifyRequest, reply: FastifyReply, staffId: string) {
      const session = await createSession(pool, staffId, policy, request.ip);
      const secure = request.protocol === 'https' || options.publicBaseUrl?.startsWith('https://');
      reply.setCookie(SESSION_COOKIE, session.sessionId, {
        path: '/',
        httpOnly: true,
        secure: secure === true,
        sameSite: 'strict',
        // A session cookie (no Max-Age): closing the browser ends it; the server's expiry holds regardless.
      });
      return session;
    }

    fastify.post(
      '/admin/login',
      {
        schema: {
          tags: ['console'],
          summary: 'Console sign-in with login id and password (sets the session cookie)',
          body: z.object({ login: z.string().max(200), password: z.string().max(PASSWORD_MAX_LENGTH) }),
          response: { 200: z.object({ csrfToken: z.string() }) },
        },
      },
      async (request, reply) => {
        await lockout.guard(request, reply);
        const login = loginIdSchema.safeParse(request.body.login);
        const { rows } = login.success
          ? await pool.query<{ id: string; password_hash: string | null; active: boolean }>(
              'SELECT id, password_hash, active FROM staff WHERE login_id = $1',
              [login.data],
            )
          : { rows: [] };
        const account = rows[0];
        const accountId = account ? String(account.id) : null;
        if (accountId) {
          const seconds = await accounts.lockedFor(accountSubject(accountId));
          if (seconds > 0) {
            reply.header('retry-after', String(seconds));
            throw tooManyForAccount(seconds);
          }
        }
        // The same work whether or not the login id exists, so timing does not tell which ones do.
        const ok = await verifyPassword(request.body.password, account?.password_hash ?? (await dummyHash()));
        if (!ok || !account?.active || !accountId) {
          if (accountId) {
            const outcome = await accounts.fail(accountSubject(accountId));
            if (outcome.lockedNow) {
              await audit(pool, request, {
                action: 'auth.lockout',
                resourceType: 'staff',
                resourceId: accountId,
                details: { credential: 'console-password', failures: outcome.failures },
              });
            }
          }
          await lockout.failed(request, reply);
          throw new StaffAuthError('password', accountId);
        }
        await accounts.clear(accountSubject(accountId));
        const session = await startSession(request, reply, accountId);
        await insertAudit(pool, {
          staffId: accountId,
          action: 'auth.login',
          resourceType: 'staff',
          resourceId: accountId,
          requestId: request.id,
          ip: request.ip,
        });
        return { csrfToken: session.csrfToken };
      },
    );

    fastify.post(
      '/admin/logout',
      { schema: { tags: ['console'], summary: 'Ends the console session', response: { 204: z.null() } } },
      async (request, reply) => {
        const staff = currentStaff(request);
        const cookie = request.cookies[SESSION_COOKIE];
        if (cookie) await deleteSession(pool, cookie);
        await audit(pool, request, { action: 'auth.logout', resourceType: 'staff', resourceId: staff.id });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    fastify.get(
      '/admin/session',
      {
        schema: {
          tags: ['console'],
          summary: 'Who is signed in, their roles, the enabled features and the console settings',
          response: { 200: sessionAnswer },
        },
      },
      async (request) => {
        const staff = currentStaff(request);
        return {
          staff: {
            id: staff.id,
            name: staff.name,
            isAdmin: staff.isAdmin,
            roles: [...staff.roles].map(([scope, role]) => ({ scope, role })),
          },
          csrfToken: request.consoleCsrf,
          features: options.features,
          settings: options.settings,
        };
      },
    );

    fastify.post(
      '/admin/setup',
      {
        schema: {
          tags: ['console'],
          summary:
            'Creates the first administrator with the one-time link the server printed (signs them in)',
          body: z.object({
            token: z.string().max(100),
            name: z.string().trim().min(1).max(100),
            login: loginIdSchema,
            password: passwordSchema,
          }),
          response: { 201: z.object({ csrfToken: z.string() }) },
        },
      },
      async (request, reply) => {
        await lockout.guard(request, reply);
        const body = request.body;
        const passwordHash = await hashPassword(body.password);
        const staffId = await transact(pool, async (tx) => {
          // Serialises concurrent set-ups: only one first administrator.
          await tx.query('LOCK TABLE staff_setup_links IN EXCLUSIVE MODE');
          if (await hasActiveAdministrator(tx)) return 'exists' as const;
          if (!(await useSetupLink(tx, body.token))) return null;
          const taken = await tx.query('SELECT 1 FROM staff WHERE login_id = $1', [body.login]);
          if (taken.rowCount) throw conflict(`login id ${body.login} is taken`);
          const created = await tx.query<{ id: string }>(
            `INSERT INTO staff (name, is_admin, login_id, password_hash) VALUES ($1, true, $2, $3) RETURNING id`,
            [body.name, body.login, passwordHash],
          );
          const id = String(created.rows[0]?.id);
          await insertAudit(tx, {
            staffId: null,
            action: 'staff.create',
            resourceType: 'staff',
            resourceId: id,
            details: { via: 'setup link', isAdmin: true },
            requestId: request.id,
            ip: request.ip,
          });
          return id;
        });
        if (staffId === 'exists') throw conflict('an administrator exists already: sign in instead');
        if (staffId === null) {
          await lockout.failed(request, reply);
          throw new StaffAuthError('setup-link');
        }
        const session = await startSession(request, reply, staffId);
        return reply.code(201).send({ csrfToken: session.csrfToken });
      },
    );
  };
}
