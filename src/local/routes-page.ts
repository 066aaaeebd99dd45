// Serves the simulator page (src/local/simulator/public/index.html) and its static assets: plain ES modules
// and CSS, no build step. Only files inside that folder are served.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

const PUBLIC_DIR = fileURLToPath(new URL('./simulator/public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file's bytes when `relative` names a servable file inside the public folder, else null. */
async function readPublic(relative: string): Promise<{ data: Buffer; type: string } | null> {
  const path = resolve(PUBLIC_DIR, relative);
  const type = TYPES[extname(path).toLowerCase()];
  if (!type || !path.startsWith(PUBLIC_DIR.endsWith(sep) ? PUBLIC_DIR : PUBLIC_DIR + sep)) return null;
  try {
    return { data: await readFile(path), type };
  } catch {
    return null;
  }
}

export async function simulatorPageRoutes(app: FastifyInstance): Promise<void> {
  const page = async (_request: unknown, reply: FastifyReply) => {
    const file = await readPublic('index.html');
    if (!file)
      return reply.code(404).send({ error: 'the simulator page is missing (src/local/simulator/public)' });
    return reply.type(file.type).header('cache-control', 'no-cache').send(file.data);
  };
  app.get('/', page);

  // /simulator/assets/<file> is public/assets/<file>, or public/<file> for files kept beside index.html.
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const name = request.params['*'];
    if (name.includes('\0')) return reply.code(404).send({ error: 'not found' });
    const file = (await readPublic(`assets/${name}`)) ?? (await readPublic(name));
    if (!file) return reply.code(404).send({ error: `no asset ${name}` });
    return reply.type(file.type).header('cache-control', 'no-cache').send(file.data);
  });
}
