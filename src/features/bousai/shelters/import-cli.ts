// `npm run shelters:import -- FILE [FILE]`: imports the national shelter data (指定緊急避難場所 and/or 指定避難所,
// CSV or GeoJSON) into DATABASE_URL (or the embedded database) in one transaction; a bad file is refused with
// each problem named by row and column, and nothing is imported.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../../../config.ts';
import databasePlugin from '../../../db/plugin.ts';
import { ShelterImportError } from './parse.ts';
import { importShelters } from './store.ts';

const paths = process.argv.slice(2).filter((arg) => arg !== '--');
if (paths.length === 0 || paths.length > 2) {
  console.error('usage: npm run shelters:import -- FILE [FILE]   (CSV or GeoJSON, 国土地理院 format)');
  process.exit(2);
}
const files = paths.map((file) => ({ name: path.basename(file), bytes: readFileSync(file) }));

const config = loadConfig();
// No plugin deadline: opening (or creating) the embedded database on a busy machine may take over 10 s.
const app = Fastify({ logger: { level: 'warn' }, pluginTimeout: 0 });
await app.register(databasePlugin, { config });
try {
  const result = await importShelters(app.pg.pool, files, new Date());
  console.log(
    `shelters imported: ${result.added} added, ${result.updated} updated, ${result.withdrawn} withdrawn ` +
      `(${Object.entries(result.byKind)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')})`,
  );
} catch (error) {
  if (!(error instanceof ShelterImportError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await app.close();
}
