// The embedded database directory is held by a lock: a second process cannot open it while the first has it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/db/embedded.ts';

const run = promisify(execFile);

it('refuses a second process while the first holds the directory, and allows it afterwards', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lcp-lock-'));
  try {
    const first = await openEmbeddedDatabase(dir);
    const blocked = await run(process.execPath, ['tests/fixtures/open-embedded.ts', dir]);
    expect(blocked.stdout).toMatch(/refused: The embedded database in .* is in use by another process/);
    await first.close();
    const after = await run(process.execPath, ['tests/fixtures/open-embedded.ts', dir]);
    expect(after.stdout.trim()).toBe('opened');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
