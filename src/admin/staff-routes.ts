// Staff accounts, roles and tokens (administrators), and "who am I" (anyone with a token). Answers that carry
// staff names and e-mail addresses are audited as personal data; deactivating revokes every token.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { transact } from '../db/transact.ts';
import { conflict, forbidden, notFound } from '../http/http-error.ts';
import { audit, currentStaff, requireAdmin } from './auth.ts';
import { cityDateTime } from './city-time.ts';
import { loginIdSchema, passwordSchema } from './login-schemas.ts';
import { roleEnum } from './meta-routes.ts';
import { decodeCursor, idKey, pageOf, pageQuery, pageSchema } from './paging.ts';
import { hashPassword } from './passwords.ts';
import { scopeSchema } from './roles.ts';
import {
  findStaff,
  insertStaff,
  insertToken,
  listStaff,
  loginTaken,
  replaceRoles,
  revokeToken,
  setLogin,
  updateStaff,
} from './staff-repository.ts';
import { generateToken, hashToken } from './tokens.ts';

const roleEntry = z.object({ scope: scopeSchema, role: roleEnum.input() });
export const roleOut = z.object({ scope: z.string(), role: roleEnum.output() });
const staffSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  loginId: z.string().nullable().describe('the console sign-in id; null: API tokens only'),
  isAdmin: z.boolean(),
  active: z.boolean(),
  roles: z.array(roleOut),
  createdAt: cityDateTime,
});
const consoleLogin = z.object({ login: loginIdSchema, password: passwordSchema });
const idParams = z.object({ id: z.string().regex(/^\d+$/, 'must be a number') });
const tokenIssued = z.object({ tokenId: z.string(), token: z.string().describe('shown only once') });
const tokenRequest = z.object({
  label: z.string().max(100).default(''),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

function expiry(days: number | undefined): Date | null {
  return days === undefined ? null : new Date(Date.now() + days * 86_400_000);
}

export async function staffRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  const pool = fastify.pg.pool;

  fastify.get(
    '/admin/me',
    {
      schema: {
        tags: ['staff'],
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            isAdmin: z.boolean(),
            roles: z.array(roleOut),
          }),
        },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      return {
        id: staff.id,
        name: staff.name,
        isAdmin: staff.isAdmin,
        roles: [...staff.roles].map(([scope, role]) => ({ scope, role })),
      };
    },
  );

  fastify.get(
    '/admin/staff',
    {
      schema: {
        tags: ['staff'],
        summary: 'Staff accounts in the order they were made, paged (names and e-mails: audited)',
        querystring: z.object(pageQuery(100, 500)),
        response: { 200: pageSchema(staffSchema) },
      },
    },
    async (request) => {
      requireAdmin(request);
      const { limit, cursor } = request.query;
      const after = decodeCursor(cursor, z.tuple([idKey]));
      const staff = await listStaff(pool, { afterId: after?.[0], limit: limit + 1 });
      await audit(pool, request, { action: 'staff.list', resourceType: 'staff', personalData: true });
      return pageOf(staff, limit, (member) => [member.id]);
    },
  );

  fastify.post(
    '/admin/staff',
    {
      schema: {
        tags: ['staff'],
        body: z.object({
          name: z.string().trim().min(1).max(100),
          email: z.string().email().max(254).optional(),
          isAdmin: z.boolean().default(false),
          roles: z.array(roleEntry).max(50).default([]),
          token: tokenRequest.default({ label: 'first token' }),
          login: consoleLogin.optional().describe('console sign-in (login id and password)'),
        }),
        response: { 201: z.object({ staff: staffSchema, token: tokenIssued }) },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const body = request.body;
      const token = generateToken();
      const result = await transact(pool, async (tx) => {
        const id = await insertStaff(tx, {
          name: body.name,
          email: body.email ?? null,
          isAdmin: body.isAdmin,
        });
        await replaceRoles(tx, id, body.roles);
        if (body.login) {
          if (await loginTaken(tx, body.login.login)) throw conflict(`login id ${body.login.login} is taken`);
          await setLogin(tx, id, {
            loginId: body.login.login,
            passwordHash: await hashPassword(body.login.password),
          });
        }
        const tokenId = await insertToken(tx, {
          staffId: id,
          tokenHash: hashToken(token),
          label: body.token.label,
          expiresAt: expiry(body.token.expiresInDays),
        });
        await audit(tx, request, {
          action: 'staff.create',
          resourceType: 'staff',
          resourceId: id,
          personalData: true,
          details: { isAdmin: body.isAdmin, roles: body.roles },
        });
        return { staff: await findStaff(tx, id), tokenId };
      });
      if (!result.staff) throw notFound('staff');
      return reply.code(201).send({ staff: result.staff, token: { tokenId: result.tokenId, token } });
    },
  );

  fastify.patch(
    '/admin/staff/:id',
    {
      schema: {
        tags: ['staff'],
        params: idParams,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          isAdmin: z.boolean().optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: staffSchema },
      },
    },
    async (request) => {
      const me = requireAdmin(request);
      const { id } = request.params;
      if (id === me.id && (request.body.isAdmin === false || request.body.active === false)) {
        throw forbidden('administrators cannot remove their own administration or deactivate themselves');
      }
      return transact(pool, async (tx) => {
        const updated = await updateStaff(tx, id, request.body);
        if (!updated) throw notFound('staff');
        await audit(tx, request, {
          action: 'staff.update',
          resourceType: 'staff',
          resourceId: id,
          personalData: true,
          details: { ...request.body, ...(updated.tokensRevoked > 0 ? updated : {}) },
        });
        return (await findStaff(tx, id)) ?? Promise.reject(notFound('staff'));
      });
    },
  );

  fastify.put(
    '/admin/staff/:id/login',
    {
      schema: {
        tags: ['staff'],
        summary: 'Sets the console sign-in (login id and password); ends the member’s console sessions',
        params: idParams,
        body: consoleLogin,
        response: { 200: staffSchema },
      },
    },
    async (request) => {
      requireAdmin(request);
      const { id } = request.params;
      const passwordHash = await hashPassword(request.body.password);
      return transact(pool, async (tx) => {
        if (!(await findStaff(tx, id))) throw notFound('staff');
        if (await loginTaken(tx, request.body.login, id))
          throw conflict(`login id ${request.body.login} is taken`);
        await setLogin(tx, id, { loginId: request.body.login, passwordHash });
        await audit(tx, request, {
          action: 'staff.login',
          resourceType: 'staff',
          resourceId: id,
          details: { login: request.body.login },
        });
        return (await findStaff(tx, id)) ?? Promise.reject(notFound('staff'));
      });
    },
  );

  fastify.put(
    '/admin/staff/:id/roles',
    {
      schema: {
        tags: ['staff'],
        params: idParams,
        body: z.object({ roles: z.array(roleEntry).max(50) }),
        response: { 200: staffSchema },
      },
    },
    async (request) => {
      requireAdmin(request);
      const { id } = request.params;
      return transact(pool, async (tx) => {
        if (!(await findStaff(tx, id))) throw notFound('staff');
        await replaceRoles(tx, id, request.body.roles);
        await audit(tx, request, {
          action: 'staff.roles',
          resourceType: 'staff',
          resourceId: id,
          personalData: true,
          details: { roles: request.body.roles },
        });
        return (await findStaff(tx, id)) ?? Promise.reject(notFound('staff'));
      });
    },
  );

  fastify.post(
    '/admin/staff/:id/tokens',
    { schema: { tags: ['staff'], params: idParams, body: tokenRequest, response: { 201: tokenIssued } } },
    async (request, reply) => {
      const me = currentStaff(request);
      const { id } = request.params;
      // Staff may issue tokens for themselves (e.g. to rotate); only administrators for others.
      if (id !== me.id) requireAdmin(request);
      const token = generateToken();
      const tokenId = await transact(pool, async (tx) => {
        const owner = await findStaff(tx, id);
        if (!owner) throw notFound('staff');
        // A deactivated account can use no token; reactivate it first.
        if (!owner.active) throw conflict(`staff ${id} is deactivated`);
        const created = await insertToken(tx, {
          staffId: id,
          tokenHash: hashToken(token),
          label: request.body.label,
          expiresAt: expiry(request.body.expiresInDays),
        });
        await audit(tx, request, {
          action: 'token.issue',
          resourceType: 'staff_token',
          resourceId: created,
          details: { staffId: id },
        });
        return created;
      });
      return reply.code(201).send({ tokenId, token });
    },
  );

  fastify.delete(
    '/admin/tokens/:id',
    { schema: { tags: ['staff'], params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      requireAdmin(request);
      const { id } = request.params;
      await transact(pool, async (tx) => {
        const revoked = await revokeToken(tx, id);
        if (!revoked) throw notFound('active token');
        await audit(tx, request, {
          action: 'token.revoke',
          resourceType: 'staff_token',
          resourceId: id,
          details: revoked,
        });
      });
      return reply.code(204).send(null);
    },
  );
}
