// bench:gomi — (1) item search p50/p99 over 2,000 items (the sample's 310 and generated variants); (2) the
// evening reminders for 50,000 subscribers across 20 areas, planned and multicast by the reminder job on
// PostgreSQL through the local LINE API emulator with injected 429 and 500 answers (one of them after LINE
// delivered). Prints the wall time against the bound LINE's multicast rate limit sets, and the exactly-once check.
// Settings: BENCH_SUBSCRIBERS (50000), BENCH_AREAS (20), SEGMENT_MULTICAST_PER_SECOND (150).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { runMigrations } from '../src/db/migrations.ts';
import { parseDataset } from '../src/features/gomi/dataset/parse.ts';
import { readDatasetFiles, sampleDataset } from '../src/features/gomi/dataset/sample.ts';
import type { Item } from '../src/features/gomi/dataset/types.ts';
import { planReminders } from '../src/features/gomi/reminders/plan.ts';
import { createReminderSender } from '../src/features/gomi/reminders/sender.ts';
import { ItemSearch } from '../src/features/gomi/search/item-search.ts';
import { createLineClient } from '../src/line/client/index.ts';
import { startLineEmulator } from '../src/line/emulator/index.ts';
import { createBenchDatabase } from './bench-database.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 50_000);
const AREAS = Number(process.env.BENCH_AREAS ?? 20);
const PER_SECOND = Number(process.env.SEGMENT_MULTICAST_PER_SECOND ?? 150);
const LINE_MULTICAST_PER_SECOND = 200;
const MULTICAST = '/v2/bot/message/multicast';
const TOKEN = 'bench-access-token';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// ——— (1) item search ———
function benchSearch(): void {
  const base = sampleDataset().items;
  const variants = ['（大）', '（小）', '（業務用）', 'カバー', 'セット', '（子ども用）', 'ケース'];
  const items: Item[] = [...base];
  for (let i = 0; items.length < 2000; i += 1) {
    const item = base[i % base.length] as Item;
    const suffix = variants[Math.floor(i / base.length) % variants.length] ?? '';
    items.push({ ...item, id: `v${i}`, name: `${item.name}${suffix}`, synonyms: item.synonyms.slice(0, 2) });
  }
  const search = new ItemSearch(items);
  const queries = [
    'ソファ',
    'ぺっとぼとる',
    'スプレー感',
    '電池',
    'テレビの捨て方',
    '古いフライパン',
    'だんぼーる',
    'xyz',
  ];
  for (let i = 0; i < 200; i += 1) search.search(queries[i % queries.length] ?? '');
  const times: number[] = [];
  for (let i = 0; i < 5000; i += 1) {
    const started = performance.now();
    search.search(queries[i % queries.length] ?? '', 5);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `item search, ${items.length} items, ${times.length} queries: p50 ${percentile(times, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(times, 99).toFixed(2)} ms`,
  );
}

// ——— (2) evening reminders ———
function benchDataset() {
  const files = readDatasetFiles();
  const ids = Array.from({ length: AREAS }, (_, i) => `bench-${i + 1}`);
  files['areas.csv'] = `ID,地域\n${ids.map((id) => `${id},${id}`).join('\n')}\n`;
  // Half the areas collect 燃えるごみ on Monday, half also プラ: two texts per area and language.
  files['area_days.csv'] =
    `地域,燃えるごみ,プラスチック製容器包装\n${ids.map((id, i) => `${id},月 木,${i % 2 ? '月' : '水'}`).join('\n')}\n`;
  files['exceptions.csv'] = '日付,地域,分別区分,種別,振替先,理由\n';
  return { data: parseDataset(files), ids };
}

async function benchReminders(): Promise<void> {
  const database = await createBenchDatabase('bench_gomi');
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN });
  try {
    await runMigrations(pool);
    const { data, ids } = benchDataset();
    const languages = ['ja', 'ja', 'ja', 'ja', 'en', 'ja-easy'];
    await pool.query(
      `INSERT INTO line_users (user_id, language, followed)
       SELECT 'U' || md5('gomi' || g), ($2::text[])[1 + g % 6], g % 50 <> 0 FROM generate_series(1, $1::int) g`,
      [SUBSCRIBERS, languages],
    );
    await pool.query(
      `INSERT INTO gomi_residents (user_id, area_id, reminder, reminder_minutes)
       SELECT 'U' || md5('gomi' || g), ($2::text[])[1 + g % $3], 'evening', 19 * 60
         FROM generate_series(1, $1::int) g`,
      [SUBSCRIBERS, ids, ids.length],
    );
    const following = SUBSCRIBERS - Math.floor(SUBSCRIBERS / 50);
    emulator.failNext({ path: MULTICAST, status: 429, times: 3, headers: { 'retry-after': '1' } });
    emulator.failNext({ path: MULTICAST, status: 500, times: 3 });
    emulator.failNext({ path: MULTICAST, status: 500, times: 2, deliverThenFail: true });
    const line = createLineClient({
      channelAccessToken: TOKEN,
      apiBaseUrl: emulator.baseUrl,
      dataApiBaseUrl: emulator.baseUrl,
      logger: { warn: () => {}, info: () => {}, error: () => {} } as never,
    });
    const log = { warn: () => {}, info: () => {}, error: () => {}, debug: () => {} } as never;
    // Sunday 2026-12-06 19:00: every area collects on Monday.
    let at = new Date('2026-12-06T19:00:00+09:00');
    const senders = [1, 2].map(() =>
      createReminderSender({ pool, line, log }, async () => data, {
        pollMs: 60_000,
        perSecond: PER_SECOND,
        concurrency: 4,
        backoffMs: 1000,
      }),
    );
    const started = performance.now();
    // Both instances plan at once (the recipients' primary key splits the residents between them).
    await Promise.all([1, 2].map(() => planReminders(pool, data, at)));
    const planned = performance.now();
    // Two instances, each running its rounds; a round's retries wait for their backoff (the clock moves on).
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(senders.map((s) => s.runOnce(at)));
      const { rows } = await pool.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM gomi_reminder_batches WHERE status IN ('pending', 'sending')`,
      );
      if ((rows[0]?.open ?? 0) === 0) break;
      at = new Date(at.getTime() + 60_000);
    }
    const seconds = (performance.now() - started) / 1000;
    const planSeconds = (planned - started) / 1000;
    const counts = new Map<string, number>();
    for (const d of emulator.deliveries)
      if (d.kind === 'multicast') counts.set(d.userId, (counts.get(d.userId) ?? 0) + 1);
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const { rows: blocked } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM line_users WHERE followed = false AND user_id = ANY($1::text[])`,
      [[...counts.keys()]],
    );
    const requests = emulator.requests.filter((r) => r.path === MULTICAST);
    const accepted = requests.filter((r) => r.status < 300).length;
    const { rows: batches } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM gomi_reminder_batches',
    );
    const bound = (batches[0]?.n ?? 0) / LINE_MULTICAST_PER_SECOND;
    console.log(
      `evening reminders: ${SUBSCRIBERS} subscribers (${following} following) in ${AREAS} areas → ` +
        `${batches[0]?.n} batches, ${requests.length} multicast requests (${accepted} accepted; ` +
        `${requests.filter((r) => r.status === 429).length}×429, ${requests.filter((r) => r.status >= 500).length}×5xx, ` +
        `${requests.filter((r) => r.status === 409).length}×409 for a delivered retry)`,
    );
    console.log(
      `wall time ${seconds.toFixed(1)} s (planning ${planSeconds.toFixed(1)} s, sending ${(seconds - planSeconds).toFixed(1)} s) ` +
        `from 19:00 to the last batch sent (two instances); LINE's ` +
        `multicast limit (${LINE_MULTICAST_PER_SECOND}/s) bounds it below at ${bound.toFixed(2)} s, this ` +
        `channel's setting (${PER_SECOND}/s) at ${((batches[0]?.n ?? 0) / PER_SECOND).toFixed(2)} s; ` +
        `retries waited for their backoff (simulated rounds a minute apart)`,
    );
    console.log(
      `exactly once: ${counts.size} residents reminded (expected ${following}), ${twice} twice, ` +
        `${blocked[0]?.n} blocked ones reminded → ${counts.size === following && twice === 0 && blocked[0]?.n === 0 ? 'OK' : 'FAILED'}`,
    );
    if (counts.size !== following || twice !== 0) process.exitCode = 1;
  } finally {
    await pool.end();
    await emulator.close();
    await database.drop();
  }
}

benchSearch();
await benchReminders();
