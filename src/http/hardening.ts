// The protections every request and response get, registered first: security headers, the server's own
// request ids, and the URL guard.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { installUrlGuard } from './request-guards.ts';
import { installRequestIds } from './request-id.ts';
import { installSecurityHeaders } from './security-headers.ts';

async function hardening(fastify: FastifyInstance, options: { publicBaseUrl: string | undefined }) {
  await installSecurityHeaders(fastify, options);
  installRequestIds(fastify);
  installUrlGuard(fastify);
}

export const httpHardening = fp(hardening, { name: 'http-hardening' });
