// LINE-shaped error answers, and the record of requests refused for breaking LINE's rules.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorState } from './state.ts';
import type { LineErrorBody, LineErrorDetail } from './types.ts';

export function sendError(reply: FastifyReply, status: number, body: LineErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function requestIdOf(reply: FastifyReply): string {
  return String(reply.getHeader('x-line-request-id') ?? '');
}

/**
 * Answers 400 for a body LINE would refuse and records it in `rejected`, so tests can assert that the
 * application never sends anything LINE would turn down.
 */
export function reject(
  state: EmulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  message: string,
  details: LineErrorDetail[] = [],
): FastifyReply {
  state.rejected.push({
    requestId: requestIdOf(reply),
    method: request.method,
    path: request.url.split('?')[0] ?? request.url,
    body: request.body,
    details,
    at: new Date(),
  });
  return sendError(reply, 400, details.length > 0 ? { message, details } : { message });
}

/** LINE's wording for a body that fails validation. */
export function rejectBody(
  state: EmulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  details: LineErrorDetail[],
): FastifyReply {
  return reject(state, request, reply, `The request body has ${details.length} error(s)`, details);
}

/** Turns "messages[0].text: too long" into a LINE detail with the property apart. */
export function violationDetail(violation: string, fallbackProperty: string): LineErrorDetail {
  const match = /^([\w.[\]-]+): (.+)$/s.exec(violation);
  if (match?.[1] && match[2]) return { property: match[1], message: match[2] };
  return { property: fallbackProperty, message: violation };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
