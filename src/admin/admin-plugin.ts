// The staff admin API under /admin: zod schemas validate every request and generate the OpenAPI document
// served at /admin/docs; every route but the docs needs a staff token, and every refusal is audited.
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { badRequest } from '../http/http-error.ts';
import { unstorableTextAt } from '../http/request-guards.ts';
import { auditRoutes } from './audit-routes.ts';
import { auditRefusal, staffAuth } from './auth.ts';
import { metaRoutes, roleEnum, StaffEnumRegistry } from './meta-routes.ts';
import { type SessionRoutesOptions, sessionRoutes } from './session-routes.ts';
import { staffRoutes } from './staff-routes.ts';
import { statsRoutes } from './stats-routes.ts';

export type AdminRoutes = (fastify: FastifyInstance) => Promise<void>;

export interface AdminPluginOptions {
  /** Feature routes (reservations, reports…) registered inside the admin scope. */
  features?: AdminRoutes[];
  /** The staff console's sign-in: enabled feature names, map settings, cookie security. */
  console?: SessionRoutesOptions;
}

const NO_CONSOLE: SessionRoutesOptions = {
  features: [],
  settings: { mapTiles: null, mapAttribution: '' },
};

export async function adminPlugin(fastify: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  fastify.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => {
        const where = `${issue.instancePath}`.replace(/^\//, '').replaceAll('/', '.');
        return `${error.validationContext ?? 'request'}${where ? `.${where}` : ''}: ${issue.message}`;
      });
      return reply.code(400).send({ error: fields.join('; '), fields });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'admin request failed');
      return reply.code(500).send({ error: 'internal error' });
    }
    if (status === 401 || status === 403) {
      try {
        await auditRefusal(fastify.pg.pool, request, status, error);
      } catch (auditError) {
        request.log.error({ err: auditError }, 'refused admin request not audited');
      }
    }
    return reply.code(status).send({ error: error.message });
  });
  // Text the database cannot store (NUL, unpaired surrogates) is a 400 naming the field, not a 500 later.
  fastify.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const at = unstorableTextAt(value, part);
      if (at) throw badRequest(`${at.slice(0, 200)}: must not contain NUL characters or unpaired surrogates`);
    }
  });

  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'LINE City Platform — staff admin API',
        description:
          'Staff accounts, roles, the audit log and the features’ staff routes. Authenticate with ' +
          '`Authorization: Bearer <staff token>`. Conventions: every timestamp is answered in city time ' +
          '(2026-12-03T23:00:00+09:00) and accepted with any offset; status-like fields are enums whose ' +
          'Japanese and English labels are in their descriptions and at GET /admin/meta (a request may send ' +
          'a label that names one value only); lists take `limit` and `cursor` and answer ' +
          '`{ items, nextCursor }`; reservations and reports carry the number residents see beside the ' +
          'internal id, and the desk addresses a reservation by either.',
        version: '1',
      },
      components: {
        securitySchemes: {
          staffToken: { type: 'http', scheme: 'bearer' },
          consoleSession: { type: 'apiKey', in: 'cookie', name: 'lcp_console' },
        },
      },
      security: [{ staffToken: [] }, { consoleSession: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Without the top bar: its logo is an inline SVG with a <style> the Content-Security-Policy refuses, and a
  // bar for exploring other documents' URLs has no use here.
  await fastify.register(swaggerUi, { routePrefix: '/admin/docs', uiConfig: { layout: 'BaseLayout' } });
  await fastify.register(cookie);
  await fastify.register(staffAuth, { publicPrefixes: ['/admin/docs', '/admin/login', '/admin/setup'] });

  // Before the features register: each adds its status-like enums for GET /admin/meta.
  const enums = new StaffEnumRegistry();
  enums.add(roleEnum);
  fastify.decorate('staffEnums', enums);

  await fastify.register(staffRoutes);
  await fastify.register(auditRoutes);
  await fastify.register(metaRoutes);
  await fastify.register(statsRoutes);
  await fastify.register(sessionRoutes(options.console ?? NO_CONSOLE));
  for (const routes of options.features ?? []) await fastify.register(routes);
}
