// The nearest-shelter answer, timed: on a PostgreSQL database of its own with the city's shelters, N residents'
// places (random, inside and around 春日市) each answered as the chat does — the open-first query, every hazard
// group in turn, the carousel rendered and checked against LINE's limits. Prints p50/p99 in ms. `measureNearest`
// is exported for bench:bousai. Settings: BENCH_QUERIES (2000), BENCH_CONCURRENCY (8).
import pg from 'pg';
import { shelterCarousel } from '../src/features/bousai/chat/shelter-cards.ts';
import { HAZARD_GROUP_IDS } from '../src/features/bousai/shelters/gsi-format.ts';
import { nearestShelters } from '../src/features/bousai/shelters/nearest.ts';
import { seedDefaultShelters } from '../src/features/bousai/shelters/store.ts';
import { initI18n } from '../src/i18n/index.ts';
import { createBenchDatabase } from './bench-database.ts';
import { percentile } from './support/stats.ts';

export interface NearestFigures {
  queries: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

/** Answers `queries` places on `pool` (migrated, shelters imported), `concurrency` at a time. */
export async function measureNearest(
  pool: pg.Pool,
  queries: number,
  concurrency: number,
): Promise<NearestFigures> {
  await initI18n();
  let seed = 42;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const places = Array.from({ length: queries }, () => ({
    latitude: 33.48 + random() * 0.09,
    longitude: 130.41 + random() * 0.09,
  }));
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < places.length; i = next++) {
        const place = places[i] as { latitude: number; longitude: number };
        const group = i % 5 === 0 ? undefined : HAZARD_GROUP_IDS[i % HAZARD_GROUP_IDS.length];
        const t0 = performance.now();
        const shelters = await nearestShelters(pool, { ...place, group, openFirst: true, limit: 5 });
        if (shelters.length > 0) shelterCarousel('ja', place, shelters);
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    queries,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    perSecond: queries / seconds,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const queries = Number(process.env.BENCH_QUERIES ?? 2000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
  const database = await createBenchDatabase('bench_bousai_nearest');
  const pool = new pg.Pool({ connectionString: database.url, max: concurrency });
  try {
    const { runMigrations } = await import('../src/db/migrations.ts');
    await runMigrations(pool);
    await seedDefaultShelters(pool, new Date());
    // A disaster with a few shelters open: the open-first order is part of the answer.
    await pool.query("INSERT INTO bousai_disasters (title, started_at) VALUES ('bench', now())");
    await pool.query(
      "UPDATE bousai_shelters SET status = 'open' WHERE kind = 'shelter' AND id LIKE '%1_111'",
    );
    const figures = await measureNearest(pool, queries, concurrency);
    console.log(
      `nearest-shelter answer on ${database.label} (157 shelters, ${concurrency} at a time): ` +
        `${figures.queries} answers, p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms, ` +
        `${figures.perSecond.toFixed(0)}/s`,
    );
  } finally {
    await pool.end();
    await database.drop();
  }
}
