// `npm run gomi:import -- <file.csv|directory> …`: checks the given ごみ files (items.csv, categories.csv,
// areas.csv, area_days.csv, holidays.csv, exceptions.csv) together with those in force and makes them the
// dataset; any problem is printed with its file, row and column, and nothing is imported.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../../config.ts';
import databasePlugin from '../../db/plugin.ts';
import { formatProblem, GomiDataError } from './dataset/errors.ts';
import { createDatasetStore } from './dataset/store.ts';
import { DATASET_FILES, type DatasetFileName, type DatasetFiles } from './dataset/types.ts';

const paths = process.argv.slice(2).filter((arg) => arg !== '--');
if (paths.length === 0) {
  console.error(`usage: npm run gomi:import -- <file.csv|directory> …  (files: ${DATASET_FILES.join(', ')})`);
  process.exit(2);
}
const isDatasetFile = (name: string): name is DatasetFileName =>
  (DATASET_FILES as readonly string[]).includes(name);
const given: Partial<DatasetFiles> = {};
for (const entry of paths) {
  const files = statSync(entry).isDirectory()
    ? readdirSync(entry)
        .filter(isDatasetFile)
        .map((name) => path.join(entry, name))
    : [entry];
  for (const file of files) {
    const name = path.basename(file);
    if (!isDatasetFile(name)) {
      console.error(`${file}: not a ごみ file (expected one of ${DATASET_FILES.join(', ')})`);
      process.exit(2);
    }
    given[name] = readFileSync(file, 'utf8');
  }
}

const config = loadConfig();
const app = Fastify({ logger: { level: 'warn' }, pluginTimeout: 0 });
await app.register(databasePlugin, { config });
try {
  const { version, dataset } = await createDatasetStore(app.pg.pool).import(given, null);
  console.log(
    `imported ${Object.keys(given).join(', ')} as version ${version}: ${dataset.items.length} items, ` +
      `${dataset.categories.length} categories, ${dataset.areas.length} areas, ${dataset.exceptions.length} exceptions`,
  );
} catch (error) {
  if (!(error instanceof GomiDataError)) throw error;
  console.error('Nothing was imported. Problems:');
  for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
  process.exitCode = 1;
} finally {
  await app.close();
}
