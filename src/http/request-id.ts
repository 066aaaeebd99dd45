// Request ids are the server's own (a client cannot choose what the logs and the audit log call its request);
// a client's X-Request-Id is kept beside it in the request's log lines, and the server's id is sent back.
import type { FastifyInstance } from 'fastify';

export const CLIENT_REQUEST_ID_HEADER = 'x-request-id';

/** The client's id as a log field: printable ASCII only, bounded, so it cannot forge or flood log lines. */
export function clientRequestId(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first) return undefined;
  return first.replace(/[^\x20-\x7e]/g, '?').slice(0, 128);
}

export function installRequestIds(fastify: FastifyInstance): void {
  fastify.setChildLoggerFactory(function childLogger(logger, bindings, options, rawRequest) {
    const client = clientRequestId(rawRequest.headers[CLIENT_REQUEST_ID_HEADER]);
    return logger.child(client === undefined ? bindings : { ...bindings, clientRequestId: client }, options);
  });
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(CLIENT_REQUEST_ID_HEADER, request.id);
  });
}
