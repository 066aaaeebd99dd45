// Serves the simulator's public folder on a loopback port, so its modules can be tested on their own.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const PUBLIC_DIR = path.resolve('src/local/simulator/public');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** `/` is `page` (HTML); any other path is a file of the public folder. */
export async function serveSimulatorAssets(page: string): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/') {
      response.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
      return;
    }
    const file = path.resolve(PUBLIC_DIR, `.${decodeURIComponent(pathname)}`);
    const type = TYPES[path.extname(file)];
    if (!type || !file.startsWith(PUBLIC_DIR + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      response.writeHead(200, { 'content-type': type }).end(await readFile(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
