// Builds the staff console with Vite when its sources changed since the last build (a hash of every source
// file, kept beside the output): run at install (postinstall), at server start and before the tests, so the
// README's two commands always serve an up-to-date console. Without Vite (production dependencies only) it
// only reports what is missing.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSOLE_ROOT = join(PROJECT_ROOT, 'console');
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');
const STAMP = '.sources-hash';
const FEATURES_DIR = join(PROJECT_ROOT, 'src', 'features');

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(CONSOLE_ROOT, path).startsWith('dist'));
}

/** Every file the build reads besides node_modules: the console folder and each feature's console folder. */
async function sourceFiles(): Promise<string[]> {
  const files = [...(await filesUnder(CONSOLE_ROOT))];
  for (const entry of await readdir(FEATURES_DIR, { withFileTypes: true })) {
    if (entry.isDirectory()) files.push(...(await filesUnder(join(FEATURES_DIR, entry.name, 'console'))));
  }
  return files.filter((path) => !path.includes(`${join('node_modules', '')}`)).sort();
}

export async function consoleSourcesHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await sourceFiles()) {
    hash
      .update(relative(PROJECT_ROOT, path))
      .update('\0')
      .update(await readFile(path))
      .update('\0');
  }
  // A different Vite or Preact builds different output.
  for (const pkg of ['vite', 'preact']) {
    const manifest = join(PROJECT_ROOT, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) hash.update(await readFile(manifest));
  }
  return hash.digest('hex');
}

export async function consoleBuildState(): Promise<'fresh' | 'stale' | 'missing' | 'no-sources'> {
  if (!existsSync(join(CONSOLE_ROOT, 'index.html'))) return 'no-sources';
  const stamp = join(CONSOLE_DIST, STAMP);
  if (!existsSync(stamp)) return 'missing';
  return (await readFile(stamp, 'utf8')).trim() === (await consoleSourcesHash()) ? 'fresh' : 'stale';
}

export interface EnsureResult {
  built: boolean;
  state: 'fresh' | 'built' | 'no-vite' | 'no-sources';
}

let running: Promise<EnsureResult> | undefined;

/**
 * Builds into a temporary folder then swaps it in, so a server reading the old build never sees half a new
 * one (and two processes building at once each finish with a whole build).
 */
export function ensureConsoleBuilt(log: (message: string) => void = () => {}): Promise<EnsureResult> {
  running ??= (async (): Promise<EnsureResult> => {
    const state = await consoleBuildState();
    if (state === 'no-sources') return { built: false, state };
    if (state === 'fresh') return { built: false, state };
    let vite: typeof import('vite');
    try {
      vite = await import('vite');
    } catch {
      log('the staff console is not built and Vite is not installed (npm install with dev dependencies)');
      return { built: false, state: 'no-vite' };
    }
    log(`building the staff console (${state === 'missing' ? 'first build' : 'sources changed'})…`);
    const hash = await consoleSourcesHash();
    const temporary = `${CONSOLE_DIST}.tmp-${process.pid}-${Date.now()}`;
    process.env.CONSOLE_OUT_DIR = temporary;
    try {
      await vite.build({
        configFile: join(CONSOLE_ROOT, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: temporary },
      });
      await writeFile(join(temporary, STAMP), `${hash}\n`);
      const old = `${CONSOLE_DIST}.old-${process.pid}-${Date.now()}`;
      if (existsSync(CONSOLE_DIST)) await rename(CONSOLE_DIST, old);
      await rename(temporary, CONSOLE_DIST);
      await rm(old, { recursive: true, force: true });
    } finally {
      delete process.env.CONSOLE_OUT_DIR;
      await rm(temporary, { recursive: true, force: true });
    }
    log('staff console built');
    return { built: true, state: 'built' };
  })().finally(() => {
    running = undefined;
  });
  return running;
}
