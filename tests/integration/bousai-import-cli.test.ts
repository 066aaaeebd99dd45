// `npm run shelters:import` as an operator runs it: a file bad in its last row is refused naming the row and
// column with exit code 1 and imports nothing (the good files imported next are all new), and a second import of
// the same files updates them all.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHELTER_FILES } from '../../src/features/bousai/shelters/store.ts';
import { csvOf, EVACUATION_SITE_FILE, featuresOf } from '../helpers/shelter-files.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function importCli(files: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['src/features/bousai/shelters/import-cli.ts', '--', ...files], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: db.dataDir,
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
        LOG_LEVEL: 'warn',
      },
      stdio: 'pipe',
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    proc.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run shelters:import', () => {
  it('refuses a bad file whole, then imports and re-imports the good ones', async () => {
    const sites = structuredClone(featuresOf(EVACUATION_SITE_FILE));
    const last = sites.at(-1);
    if (last) last.properties.住所 = 'あ'.repeat(301);
    const bad = path.join(db.dataDir, 'sites-bad.csv');
    await writeFile(bad, csvOf(sites));
    const good = DEFAULT_SHELTER_FILES.map((url) => url.pathname);

    const refused = await importCli([good[0] as string, bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('shelter data refused, nothing imported');
    expect(refused.err).toContain(
      `sites-bad.csv, row ${sites.length + 1}, column 「住所」: is over 300 characters`,
    );

    const first = await importCli(good);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out.trim()).toBe(
      'shelters imported: 157 added, 0 updated, 0 withdrawn (shelter 71, evacuation_site 86)',
    );
    const again = await importCli(good);
    expect(again.out.trim()).toBe(
      'shelters imported: 0 added, 157 updated, 0 withdrawn (shelter 71, evacuation_site 86)',
    );
    // Three processes each opening the database: on the embedded one, each start takes half a minute or more.
  }, 600_000);
});
