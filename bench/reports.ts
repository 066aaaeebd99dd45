// bench:reports — many residents filing 損傷報告 at once through signed webhooks against the real server on
// PostgreSQL, each with one phone-sized photo the emulator serves from its content endpoint: menu → category →
// photo → done → place (inside Kasuga, ≥ 60 m apart) → skip comment → submit. Prints reports/s, answer latency
// p50/p99, the server's peak RSS and the count check (N reports, N photos stored, none with EXIF).
// The bare re-encode rate of the same machine is measured in the same run (bench:photos on the same photo size,
// before and after the load, as other work on a shared machine comes and goes): photos/s is printed against it,
// and a photo step may take as long as the photos queued ahead of it need at half that rate (at least 90 s).
// Settings: BENCH_RESIDENTS (200), BENCH_CONNECTIONS (50), BENCH_PHOTO_SIZE (2800x2100),
// EVENT_WORKER_CONCURRENCY (16), EVENT_CONTENT_CONCURRENCY (the server's default).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBenchDatabase } from './bench-database.ts';
import { runAppServer } from './support/app-server.ts';
import { type Delivery, linkEmulator } from './support/emulator-link.ts';
import { stop, waitReady } from './support/processes.ts';
import { percentile } from './support/stats.ts';
import { webhookPoster } from './support/webhook-poster.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const role = process.argv[2] ?? 'main';

if (role === 'emulator') await runEmulator();
else if (role === 'server') await runAppServer();
else await runMain();

// ——— the LINE API emulator, with one noisy JPEG (GPS EXIF) served as every photo's content ———

async function runEmulator(): Promise<void> {
  const { startLineEmulator } = await import('../src/line/emulator/index.ts');
  const { default: sharp } = await import('sharp');
  const [width, height] = (process.env.BENCH_PHOTO_SIZE ?? '2800x2100').split('x').map(Number) as [
    number,
    number,
  ];
  // Noise compresses like a real photo (a few MB), unlike flat colour.
  const photo = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: 90, g: 120, b: 150 },
      noise: { type: 'gaussian', mean: 120, sigma: 18 },
    },
  })
    .jpeg({ quality: 85 })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 31/1 4152/100' } })
    .toBuffer();
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN, logger: false });
  emulator.onDelivery((d) =>
    process.send?.({
      delivery: { userId: d.userId, at: d.at.getTime(), kind: d.kind, text: JSON.stringify(d.messages) },
    }),
  );
  process.on('message', (request: { users?: string[]; tokens?: string[]; photos?: string[] }) => {
    if (request.users) {
      for (const userId of request.users) emulator.addUser({ userId, displayName: '住民', language: 'ja' });
      process.send?.({ ok: true });
    } else if (request.tokens) {
      process.send?.({ tokens: request.tokens.map((userId) => emulator.issueReplyToken(userId)) });
    } else if (request.photos) {
      for (const id of request.photos) emulator.setContent(id, photo, 'image/jpeg');
      process.send?.({ bytes: photo.length });
    }
  });
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
  process.send?.({ baseUrl: emulator.baseUrl });
}

// ——— the load ———

/** Points inside the city outline on a grid of ~75 m, so no two reports are offered as the same damage (50 m). */
async function placesInCity(count: number): Promise<{ latitude: number; longitude: number }[]> {
  const { containsPoint, loadCityBoundary } = await import('../src/geo/boundary.ts');
  const boundary = await loadCityBoundary();
  const places: { latitude: number; longitude: number }[] = [];
  const [lat0, lon0] = [33.5282, 130.4703];
  // A square spiral out from the centre, keeping the points inside the city.
  for (let ring = 0; places.length < count && ring < 200; ring += 1) {
    for (let i = -ring; i <= ring && places.length < count; i += 1) {
      for (let j = -ring; j <= ring && places.length < count; j += 1) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        const latitude = lat0 + i * 0.0007;
        const longitude = lon0 + j * 0.0008;
        if (containsPoint(boundary, latitude, longitude)) places.push({ latitude, longitude });
      }
    }
  }
  if (places.length < count) throw new Error(`only ${places.length} places in the city`);
  return places;
}

/** bench:photos in a process of its own on photos of `size`: the bare re-encode rate (photos/s) right now. */
async function bareReencodeRate(size: string): Promise<number> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'photos.ts')], {
    env: { ...process.env, BENCH_PHOTO_SIZE: size, BENCH_PHOTOS: '24', BENCH_JSON: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`bench:photos failed (exit ${code}): ${out}`);
  return (JSON.parse(last) as { photosPerSecond: number }).photosPerSecond;
}

async function runMain(): Promise<void> {
  const { postbackData } = await import('../src/events/postback-data.ts');
  const { flowData } = await import('../src/features/reports/chat/postback.ts');
  const { default: sharp } = await import('sharp');

  const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 200);
  const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const PHOTO_SIZE = process.env.BENCH_PHOTO_SIZE ?? '2800x2100';
  const PORT = 3912;

  // Before anything else runs: the machine's bare rate, with nothing of this bench competing.
  const bareBefore = await bareReencodeRate(PHOTO_SIZE);
  // The photos of all residents may be queued at once; the last waits for all the others.
  const photoTimeoutMs = Math.max(90_000, Math.ceil((2 * RESIDENTS * 1000) / bareBefore));

  // The emulator.
  const emulator = await linkEmulator(import.meta.filename);
  const { baseUrl, deliveries, waiting, ask } = emulator;

  const benchDb = await createBenchDatabase('lcp_bench_rep');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-rep-'));
  let server: ChildProcess | undefined;
  const db = new pg.Pool({ connectionString: benchDb.url, max: 4 });
  let rssTimer: NodeJS.Timeout | undefined;

  try {
    server = spawn(process.execPath, [import.meta.filename, 'server'], {
      env: {
        ...process.env,
        PORT: String(PORT),
        DATABASE_URL: benchDb.url,
        DATA_DIR: dataDir,
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: baseUrl,
        LINE_DATA_API_BASE_URL: baseUrl,
        LOG_LEVEL: 'error',
        EVENT_WORKER_CONCURRENCY: process.env.EVENT_WORKER_CONCURRENCY ?? '16',
        ...(process.env.EVENT_CONTENT_CONCURRENCY
          ? { EVENT_CONTENT_CONCURRENCY: process.env.EVENT_CONTENT_CONCURRENCY }
          : {}),
        DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const serverPid = server.pid;
    await waitReady(`http://127.0.0.1:${PORT}/readyz`);
    const status = async (field: string) => {
      const text = await readFile(`/proc/${serverPid}/status`, 'utf8').catch(() => '');
      return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? Number.NaN) / 1024;
    };
    const idleRss = await status('VmRSS');
    let sampledPeak = idleRss;
    rssTimer = setInterval(() => {
      void status('VmRSS').then((mb) => {
        if (mb > sampledPeak) sampledPeak = mb;
      });
    }, 50);

    const places = await placesInCity(RESIDENTS);
    const residents = places.map((at, i) => ({
      userId: `U${randomBytes(16).toString('hex')}`,
      photoId: `7${Date.now()}${String(i).padStart(6, '0')}`,
      at,
      k: '',
    }));
    await db.query(
      `INSERT INTO line_users (user_id, display_name, language) SELECT u, '住民', 'ja' FROM unnest($1::text[]) u`,
      [residents.map((r) => r.userId)],
    );
    await ask({ users: residents.map((r) => r.userId) });
    const { bytes } = await ask<{ bytes: number }>({ photos: residents.map((r) => r.photoId) });

    const post = webhookPoster({ port: PORT, secret: SECRET, connections: CONNECTIONS, idPrefix: '01REP' });
    const latencies: number[] = [];
    const textLatencies: number[] = [];
    const photoLatencies: number[] = [];
    let firstPhotoSent = Number.POSITIVE_INFINITY;
    let lastPhotoAnswered = 0;
    /** Sends one event from the resident and waits for their answer. */
    async function step(userId: string, event: Record<string, unknown>): Promise<Delivery> {
      const [replyToken] = (await ask<{ tokens: string[] }>({ tokens: [userId] })).tokens;
      const isPhoto = (event.message as { type?: string } | undefined)?.type === 'image';
      const timeoutMs = isPhoto ? photoTimeoutMs : 90_000;
      const answered = new Promise<Delivery>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no answer to ${userId} within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        waiting.set(userId, (d) => {
          clearTimeout(timer);
          resolve(d);
        });
      });
      const sentAt = await post({ ...event, source: { type: 'user', userId }, replyToken });
      const answer = await answered;
      latencies.push(answer.at - sentAt);
      (isPhoto ? photoLatencies : textLatencies).push(answer.at - sentAt);
      if (isPhoto) {
        firstPhotoSent = Math.min(firstPhotoSent, sentAt);
        lastPhotoAnswered = Math.max(lastPhotoAnswered, answer.at);
      }
      return answer;
    }
    const tap = (userId: string, data: string) => step(userId, { type: 'postback', postback: { data } });
    const expectIn = (answer: Delivery, what: string, needle: string) => {
      if (!answer.text.includes(needle))
        throw new Error(`expected ${what}, got ${answer.text.slice(0, 300)}`);
    };

    console.log(
      `bench:reports — ${RESIDENTS} residents, one ${(bytes / 1e6).toFixed(1)} MB photo (${PHOTO_SIZE}) each, ${CONNECTIONS} connections, PostgreSQL ${benchDb.label}`,
    );
    console.log(
      `  bare re-encode      ${bareBefore.toFixed(2)} photos/s before the load (bench:photos, same size); photo step timeout ${(photoTimeoutMs / 1000).toFixed(0)} s`,
    );
    const started = Date.now();
    const numbers = await Promise.all(
      residents.map(async (r) => {
        const menu = await tap(r.userId, postbackData({ action: 'menu', item: 'reports' }));
        const category = firstFlowButton(menu.text, 'cat');
        r.k = category.get('k') ?? '';
        await tap(r.userId, category.toString());
        const received = await step(r.userId, {
          type: 'message',
          message: { type: 'image', id: r.photoId, quoteToken: 'q', contentProvider: { type: 'line' } },
        });
        expectIn(received, 'the photo received', flowData(r.k, { op: 'done' }));
        const location = await tap(r.userId, flowData(r.k, { op: 'done' }));
        expectIn(location, 'the place prompt', '"type":"location"');
        const comment = await step(r.userId, {
          type: 'message',
          message: { type: 'location', id: `${r.photoId}1`, title: '位置情報', address: '春日市', ...r.at },
        });
        expectIn(comment, 'the comment prompt (no nearby report)', flowData(r.k, { op: 'skip' }));
        const confirm = await tap(r.userId, flowData(r.k, { op: 'skip' }));
        expectIn(confirm, 'the confirmation card', flowData(r.k, { op: 'submit' }));
        const done = await tap(r.userId, flowData(r.k, { op: 'submit' }));
        const number = /R\d{6,}/.exec(done.text)?.[0];
        if (!number) throw new Error(`no report number: ${done.text.slice(0, 300)}`);
        return number;
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    clearInterval(rssTimer);
    const peakRss = await status('VmHWM');
    const photoSeconds = (lastPhotoAnswered - firstPhotoSent) / 1000;

    const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    const reports = await count('SELECT count(*) AS n FROM reports');
    const photoRows = await count('SELECT count(*) AS n FROM report_photos');
    const notDone = await count(`SELECT count(*) AS n FROM webhook_events WHERE status <> 'done'`);
    const photoRoot = path.join(dataDir, 'photos');
    const files: string[] = [];
    for (const dir of await readdir(photoRoot).catch(() => [] as string[])) {
      for (const name of await readdir(path.join(photoRoot, dir))) {
        if (!name.startsWith('.')) files.push(path.join(photoRoot, dir, name));
      }
    }
    let withMetadata = 0;
    let storedBytes = 0;
    for (const file of files) {
      const bytesOf = await readFile(file);
      storedBytes += bytesOf.length;
      const meta = await sharp(bytesOf).metadata();
      if (meta.exif || meta.xmp || bytesOf.includes('Exif\0\0') || bytesOf.includes('GPSLatitude'))
        withMetadata += 1;
    }

    const bareAfter = await bareReencodeRate(PHOTO_SIZE);
    const bare = (bareBefore + bareAfter) / 2;
    const photoRate = photoLatencies.length / photoSeconds;
    const sorted = [...latencies].sort((a, b) => a - b);
    const textSorted = [...textLatencies].sort((a, b) => a - b);
    const photoSorted = [...photoLatencies].sort((a, b) => a - b);
    console.log(
      `  reports/s           ${(reports / seconds).toFixed(1)}  (${reports} reports, 7 steps each, in ${seconds.toFixed(1)} s)`,
    );
    console.log(
      `  answer latency      p50 ${percentile(sorted, 50)} ms   p99 ${percentile(sorted, 99)} ms   (every step: webhook → the answer at LINE)`,
    );
    console.log(
      `  photos/s            ${photoRate.toFixed(2)}  (${photoLatencies.length} photos, first sent → last answered in ${photoSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  vs bare re-encode   ${(photoRate / bare).toFixed(2)} × bench:photos in this run (${bare.toFixed(2)} photos/s: ${bareBefore.toFixed(2)} before, ${bareAfter.toFixed(2)} after the load)`,
    );
    console.log(
      `  photo step latency  p50 ${percentile(photoSorted, 50)} ms   p99 ${percentile(photoSorted, 99)} ms   (queue + download + re-encode + store)`,
    );
    console.log(
      `  other steps latency p50 ${percentile(textSorted, 50)} ms   p99 ${percentile(textSorted, 99)} ms   (taps and the place: their own claim lane)`,
    );
    console.log(
      `  server RSS          idle ${idleRss.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB (VmHWM; sampled VmRSS peak ${sampledPeak.toFixed(0)} MB)`,
    );
    console.log(
      `  stored photos       ${files.length} files, ${(storedBytes / files.length / 1e3).toFixed(0)} kB on average`,
    );
    const checks: [string, boolean][] = [
      [`exactly ${RESIDENTS} reports (${reports})`, reports === RESIDENTS],
      [`distinct numbers answered (${new Set(numbers).size})`, new Set(numbers).size === RESIDENTS],
      [`${RESIDENTS} photos linked (${photoRows})`, photoRows === RESIDENTS],
      [`${RESIDENTS} photo files stored (${files.length})`, files.length === RESIDENTS],
      [`no stored photo with EXIF/XMP (${withMetadata})`, withMetadata === 0],
      [`every event handled (${notDone} not done)`, notDone === 0],
    ];
    for (const [what, ok] of checks) console.log(`  count check: ${ok ? 'OK  ' : 'FAIL'} ${what}`);
    const kinds: Record<string, number> = {};
    for (const d of deliveries) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
    console.log(`  LINE API deliveries ${JSON.stringify(kinds)}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } catch (error) {
    const summary = await db.query(
      `SELECT coalesce(payload->'message'->>'type', event_type) AS kind, status, attempts,
              left(coalesce(last_error, ''), 200) AS error, count(*)::int AS n
         FROM webhook_events GROUP BY 1, 2, 3, 4 ORDER BY n DESC LIMIT 10`,
    );
    console.error('events by status:', summary.rows);
    throw error;
  } finally {
    clearInterval(rssTimer);
    await db.end();
    if (server) await stop(server);
    emulator.proc.kill('SIGTERM');
    await benchDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The first report-flow button of the answer with the given op (the category to choose). */
function firstFlowButton(messagesJson: string, op: string): URLSearchParams {
  for (const match of messagesJson.matchAll(/"data":"([^"]+)"/g)) {
    const fields = new URLSearchParams(match[1]);
    if (fields.get('flow') === 'report' && fields.get('op') === op) return fields;
  }
  throw new Error(`no ${op} button in the answer: ${messagesJson.slice(0, 300)}`);
}
