// bench:console — the staff console's first-load size (the JS and CSS the console's page and the display page
// load before any page is opened, gzipped) and the time from a desk action (call next) to the waiting-room
// display's live stream showing the called number, over N actions: p50/p99. The server runs in this process
// on a fresh embedded database (local mode); BENCH_ACTIONS sets N (default 200).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createStaffWithToken } from '../src/admin/bootstrap.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../src/console/build.ts';
import { percentile } from './support/stats.ts';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 200);

/** The gzipped bytes of the scripts and style sheets an HTML page of the build loads up front. */
async function firstLoad(page: string): Promise<{ js: number; css: number; files: number }> {
  const html = await readFile(path.join(CONSOLE_DIST, page), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  let js = 0;
  let css = 0;
  for (const asset of new Set(assets)) {
    const size = gzipSync(await readFile(path.join(CONSOLE_DIST, asset)), { level: 9 }).length;
    if (asset.endsWith('.css')) css += size;
    else js += size;
  }
  return { js, css, files: new Set(assets).size };
}

await ensureConsoleBuilt((message) => console.log(message));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
for (const page of ['index.html', 'display.html']) {
  const size = await firstLoad(page);
  console.log(
    `first load ${page === 'index.html' ? 'console' : 'display'}: JS ${kb(size.js)} + CSS ${kb(size.css)} ` +
      `= ${kb(size.js + size.css)} gzipped (${size.files} files)`,
  );
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-console-'));
const app = await buildApp({
  config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', CONSOLE_MAP_TILES: 'off' }),
  workerPollMs: 100,
});
try {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { token } = await createStaffWithToken(app.pg.pool, { name: 'bench', isAdmin: true, via: 'bench' });
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  await call('PUT', '/admin/reservations/services/bench', { name: { ja: 'ベンチ窓口' } });
  await call('POST', '/admin/reservations/services/bench/slots', {
    from: today,
    to: today,
    weekdays: [0, 1, 2, 3, 4, 5, 6],
    times: [{ start: '00:00', end: '23:59' }],
    capacity: ACTIONS + 10,
  });
  for (let i = 0; i < ACTIONS; i++) {
    await call('POST', '/admin/reservations/services/bench/walk-ins', { name: `来庁者 ${i}`, checkIn: true });
  }
  const link = await call('POST', '/admin/reservations/services/bench/display-links', { label: 'bench' });
  const secret = String(link.path).split('#')[1];

  // The display's stream: every state it receives, with when it arrived.
  const abort = new AbortController();
  const stream = await fetch(`${url}/display-api/stream?token=${secret}`, { signal: abort.signal });
  const waiters: { queue: number; resolve: (at: number) => void }[] = [];
  void (async () => {
    const reader = (stream.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (!data) continue;
          const called = (JSON.parse(data) as { called: number[] }).called;
          const at = performance.now();
          for (const waiter of waiters.filter((w) => called.includes(w.queue))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(at);
          }
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();

  const latencies: number[] = [];
  for (let i = 0; i < ACTIONS; i++) {
    const started = performance.now();
    const shown = new Promise<number>((resolve) => waiters.push({ queue: i + 1, resolve }));
    const called = await call('POST', `/admin/reservations/services/bench/days/${today}/call-next`);
    if (called.queueNumber !== i + 1)
      throw new Error(`called ${String(called.queueNumber)}, expected ${i + 1}`);
    latencies.push((await shown) - started);
  }
  abort.abort();
  latencies.sort((a, b) => a - b);
  console.log(
    `desk action → display page: ${ACTIONS} calls, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
  );
} finally {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
}
