// libvips settings for one-shot photos: bounded threads and no operation cache, applied once per process.
import sharp from 'sharp';

/** libvips worker threads per image. */
export const SHARP_THREADS = 1;

let configured = false;

/**
 * The operation cache only pays off when the same image is processed again, which never happens here; off,
 * memory is given back after each photo. One thread per image keeps glibc's per-thread arenas (the cause of
 * RSS creeping up with sharp on glibc) few; parallelism comes from MAX_PARALLEL_ENCODES photos at once.
 */
export function configureSharp(): typeof sharp {
  if (!configured) {
    sharp.cache(false);
    sharp.concurrency(SHARP_THREADS);
    configured = true;
  }
  return sharp;
}

/** mozjpeg ships in sharp's prebuilt libvips; a self-built libvips may lack it. */
export function hasMozjpeg(): boolean {
  return typeof sharp.versions.mozjpeg === 'string';
}
