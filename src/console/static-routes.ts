// Serves the built staff console (console/dist) at /console: hashed assets cached for good, every other path
// under /console answered with the console's page (it routes in the browser), /console/display/… with the
// waiting-room display's page. A missing build is a 503 that says how to build it.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_DIST } from './build.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.geojson': 'application/geo+json',
};

const ROOT = CONSOLE_DIST.endsWith(sep) ? CONSOLE_DIST : CONSOLE_DIST + sep;

async function readBuilt(relative: string): Promise<{ data: Buffer; type: string } | null> {
  const path = resolve(ROOT, relative);
  const type = TYPES[extname(path).toLowerCase()];
  if (!type || !path.startsWith(ROOT)) return null;
  try {
    return { data: await readFile(path), type };
  } catch {
    return null;
  }
}

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>Console not built</title>' +
  '<p>The staff console is not built. Run <code>npm install</code> (or <code>npm run console:build</code>) ' +
  'and restart the server.</p>';

export async function consoleRoutes(
  app: FastifyInstance,
  options: { mapTiles: string | null },
): Promise<void> {
  const page = (name: 'index.html' | 'display.html') => async (_request: unknown, reply: FastifyReply) => {
    const file = await readBuilt(name);
    if (!file) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    reply.header('cache-control', 'no-cache');
    // The console may show map tiles from the configured server; nothing else leaves this origin.
    if (name === 'index.html' && options.mapTiles) {
      const origin = new URL(options.mapTiles.replace(/\{[a-z]\}/g, '0')).origin;
      reply.header('content-security-policy', consolePolicy(origin));
    }
    return reply.type(file.type).send(file.data);
  };
  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', page('index.html'));
  app.get('/console/display/*', page('display.html'));
  app.get<{ Params: { '*': string } }>('/console/assets/*', async (request, reply) => {
    const name = request.params['*'];
    if (name.includes('\0')) return reply.code(404).send({ error: 'not found' });
    const file = await readBuilt(`assets/${name}`);
    if (!file) return reply.code(404).send({ error: `no asset ${name}` });
    // File names carry a hash of their content.
    return reply
      .type(file.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(file.data);
  });
  app.get('/console/*', page('index.html'));
}

/** The server's policy with the tile server's images allowed. */
function consolePolicy(tileOrigin: string): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    `img-src 'self' data: ${tileOrigin}`,
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self'",
  ].join(';');
}
