// Security headers on every response (helmet): a Content-Security-Policy that allows only this server's own
// scripts, styles and fonts (the /simulator page and Swagger UI at /admin/docs load nothing else), no framing,
// nosniff, no Referer, and HSTS only when the server is reached over https (PUBLIC_BASE_URL).
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export async function installSecurityHeaders(
  fastify: FastifyInstance,
  options: { publicBaseUrl: string | undefined },
): Promise<void> {
  const https = options.publicBaseUrl?.startsWith('https://') ?? false;
  await fastify.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Flex messages may show images from https sites (LINE shows them too); Swagger UI's logo is data:.
        imgSrc: ["'self'", 'data:', 'https:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        // Over plain http (local mode on localhost) upgrading would break every asset.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // Photos published as Open311 media_url are meant to be shown on partners' pages.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/open311/')) reply.header('cross-origin-resource-policy', 'cross-origin');
  });
}
