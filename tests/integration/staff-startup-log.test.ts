// What the server says about the staff API at start: where the documentation is, and — until an
// administrator exists — the command that makes the first one (run here as the hint says, then restarted).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/harness.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const env = () => ({
  DATA_DIR: db.dataDir,
  ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  LOCAL_MODE: 'off',
  LOG_LEVEL: 'info',
});

async function stop(server: ServerProcess): Promise<void> {
  server.proc.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

/** Runs src/admin/staff-cli.ts (what `npm run staff:create` runs) against the test database. */
function staffCreate(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['src/admin/staff-cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.once('exit', (code) => resolve({ code, output }));
  });
}

describe('the start-up log', { timeout: 120_000 }, () => {
  it('names the staff docs, and how to create the first administrator until one exists', async () => {
    const first = await spawnServer(env());
    try {
      await waitFor(() => /No staff administrator exists yet/.test(first.output()), 'the first-admin hint');
      const output = first.output();
      expect(output).toContain(`Staff API documentation: http://localhost:${first.port}/admin/docs`);
      expect(output).toContain(
        'npm run staff:create -- --name \\"山田 花子\\" --login yamada --admin --password-stdin',
      );
      // The one-time link the running server honours (also on the embedded database it holds).
      expect(output).toMatch(new RegExp(`http://localhost:${first.port}/console/setup#[A-Za-z0-9_-]{43}`));
      if (db.kind === 'embedded') expect(output).toContain('after stopping this server');
      expect((await fetch(`${first.url}/admin/docs/json`)).status).toBe(200);
    } finally {
      await stop(first);
    }

    const created = await staffCreate(['--name', '山田 花子', '--admin']);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toMatch(/API token \(shown only now\):\nlcp_/);

    const second = await spawnServer(env());
    try {
      await waitFor(() => /Staff API documentation/.test(second.output()), 'the docs line');
      expect(second.output()).not.toContain('No staff administrator exists yet');
    } finally {
      await stop(second);
    }
  });
});
