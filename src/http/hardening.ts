// The protections every request and response get, registered first: security headers.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { installSecurityHeaders } from './security-headers.ts';

async function hardening(fastify: FastifyInstance, options: { publicBaseUrl: string | undefined }) {
  await installSecurityHeaders(fastify, options);
}

export const httpHardening = fp(hardening, { name: 'http-hardening' });
