// bench:photos — re-encodes N phone-sized photos (default 48 of 4032×3024, GPS EXIF, orientation 6) through
// processPhoto with many callers at once (as the event workers would), and prints photos/s and peak RSS.
// The source photos are made in a child process, so this process's peak RSS is the pipeline's alone.
// Settings: BENCH_PHOTOS (48), BENCH_CONCURRENCY (16 callers), BENCH_PHOTO_SIZE (4032x3024); BENCH_JSON=1 adds a
// last line {"photosPerSecond":…} for another bench that measures the bare rate in its own run (bench:reports).
import { fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 48);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const [WIDTH, HEIGHT] = (process.env.BENCH_PHOTO_SIZE ?? '4032x3024').split('x').map(Number) as [
  number,
  number,
];
const SOURCES = 4;

if (process.argv[2] === 'generate') await generate(process.argv[3] ?? '.');
else await main();

/** Noisy photos: they compress like real ones (a few MB), unlike flat colour. */
async function generate(dir: string): Promise<void> {
  const { default: sharp } = await import('sharp');
  for (let i = 0; i < SOURCES; i++) {
    const bytes = await sharp({
      create: {
        width: WIDTH,
        height: HEIGHT,
        channels: 3,
        background: { r: 60 * i, g: 120, b: 200 - 40 * i },
        noise: { type: 'gaussian', mean: 110 + 10 * i, sigma: 18 },
      },
    })
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: i % 2 === 0 ? 1 : 6 })
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 31/1 5772/100' } })
      .toBuffer();
    await writeFile(path.join(dir, `source-${i}.jpg`), bytes);
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-photos-'));
  try {
    const child = fork(import.meta.filename, ['generate', dir]);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`generating source photos failed (exit ${code})`);
    const sources = await Promise.all(
      (await readdir(dir)).sort().map((name) => readFile(path.join(dir, name))),
    );
    const { processPhoto, MAX_PARALLEL_ENCODES } = await import('../src/features/reports/photos/index.ts');
    const { SHARP_THREADS } = await import('../src/features/reports/photos/sharp-setup.ts');

    // One warm-up photo loads libvips, so the baseline includes the library but no work.
    await processPhoto(sources[0] ?? Buffer.alloc(0));
    global.gc?.();
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);

    let next = 0;
    let inputBytes = 0;
    let outputBytes = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PHOTOS) {
          const input = sources[next++ % sources.length] ?? Buffer.alloc(0);
          const result = await processPhoto(input);
          inputBytes += input.length;
          if (result.ok) outputBytes += result.bytes.length;
          else refused += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const maxRss = process.resourceUsage().maxRSS * 1024;

    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const done = PHOTOS - refused;
    console.log(`bench:photos — ${PHOTOS} photos of ${WIDTH}×${HEIGHT}, ${CONCURRENCY} callers`);
    console.log(
      `  settings           ${MAX_PARALLEL_ENCODES} encodes at once, ${SHARP_THREADS} libvips thread each, cache off`,
    );
    console.log(`  throughput         ${(done / seconds).toFixed(2)} photos/s (${seconds.toFixed(2)} s)`);
    console.log(
      `  input / output     ${mb(inputBytes / PHOTOS)} → ${mb(outputBytes / Math.max(1, done))} per photo`,
    );
    console.log(`  RSS baseline       ${mb(baselineRss)}`);
    console.log(`  RSS peak (sampled) ${mb(peakRss)}  (+${mb(peakRss - baselineRss)} over baseline)`);
    console.log(`  maxRSS (process)   ${mb(maxRss)}`);
    console.log(
      `  MALLOC_ARENA_MAX   ${process.env.MALLOC_ARENA_MAX ?? 'unset (glibc default: 8 per core; set 2 to cut the peak)'}`,
    );
    if (process.env.BENCH_JSON === '1')
      console.log(JSON.stringify({ photosPerSecond: done / seconds, refused }));
    if (refused > 0) {
      console.log(`  REFUSED            ${refused}`);
      process.exitCode = 1;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
