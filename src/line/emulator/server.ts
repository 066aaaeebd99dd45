// Builds the emulator's Fastify app: body parsing, request ids, auth, failure injection and recording.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerContentRoutes } from './content-routes.ts';
import { requestIdOf, sendError } from './errors.ts';
import { failureBody } from './failures.ts';
import { registerMessageRoutes } from './message-routes.ts';
import { registerRichMenuAliasRoutes } from './richmenu-alias-routes.ts';
import { registerRichMenuLinkRoutes } from './richmenu-link-routes.ts';
import { registerRichMenuRoutes } from './richmenu-routes.ts';
import { type EmulatorState, randomHex } from './state.ts';
import type { FailureRule, LineEmulatorOptions } from './types.ts';

// Large enough that an oversized rich-menu image reaches the handler and gets LINE's own 400.
const BODY_LIMIT = 10 * 1024 * 1024;

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

export function buildEmulatorApp(state: EmulatorState, options: LineEmulatorOptions): FastifyInstance {
  const logger = options.logger;
  const app =
    typeof logger === 'object'
      ? Fastify({ loggerInstance: logger, bodyLimit: BODY_LIMIT })
      : Fastify({ logger: logger === true, bodyLimit: BODY_LIMIT });
  const failAfterHandling = new WeakMap<object, FailureRule>();

  // The SDK posts some calls with a JSON content type and no body (e.g. link rich menu): accept that.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = new Error('The request body is not valid JSON') as FastifyError;
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-line-request-id', randomHex(16));
    const token = options.channelAccessToken;
    if (token !== undefined && request.headers.authorization !== `Bearer ${token}`) {
      return sendError(reply, 401, failureBody(401));
    }
    return undefined;
  });

  app.addHook('preHandler', async (request, reply) => {
    const rule = state.failures.take(request.method, pathOf(request.url));
    if (!rule) return undefined;
    if (rule.deliverThenFail) {
      failAfterHandling.set(request, rule);
      return undefined;
    }
    reply.headers(rule.headers ?? {});
    return sendError(reply, rule.status, failureBody(rule.status));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    let out = payload;
    const rule = failAfterHandling.get(request);
    if (rule && reply.statusCode < 300) {
      reply.code(rule.status).headers(rule.headers ?? {});
      reply.type('application/json; charset=utf-8');
      out = JSON.stringify(failureBody(rule.status));
    }
    state.requests.push({
      requestId: requestIdOf(reply),
      method: request.method,
      path: pathOf(request.url),
      query: { ...(request.query as Record<string, string>) },
      headers: { ...request.headers },
      body: request.body,
      at: new Date(),
      status: reply.statusCode,
    });
    return out;
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, { message: 'Not found' }));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) reply.log.error({ err: error }, 'LINE emulator error');
    return sendError(reply, status, status >= 500 ? failureBody(500) : { message: error.message });
  });

  registerMessageRoutes(app, state);
  registerContentRoutes(app, state);
  registerRichMenuRoutes(app, state);
  registerRichMenuLinkRoutes(app, state);
  registerRichMenuAliasRoutes(app, state);
  return app;
}
