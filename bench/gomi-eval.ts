// eval:gomi — item search over the shipped sample against resident-style item names (colloquial words, kana,
// typos, question words) labelled with the category a resident should be told (bench/data/gomi-eval.csv).
// Prints top-1 category accuracy (target ≥ 90 %) and the misses; exits 1 below the target.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sampleDataset } from '../src/features/gomi/dataset/sample.ts';
import { ItemSearch } from '../src/features/gomi/search/item-search.ts';

const TARGET = 0.9;
const rows = parse(readFileSync(new URL('./data/gomi-eval.csv', import.meta.url), 'utf8'), {
  columns: true,
  skip_empty_lines: true,
}) as { query: string; category: string }[];
const search = new ItemSearch(sampleDataset().items);
const misses: string[] = [];
let correct = 0;
for (const { query, category } of rows) {
  const hit = search.search(query, 1)[0];
  if (hit?.item.category === category) correct += 1;
  else
    misses.push(
      `  ${query}: expected ${category}, got ${hit ? `${hit.item.name} (${hit.item.category})` : 'nothing'}`,
    );
}
const accuracy = correct / rows.length;
console.log(
  `eval:gomi — ${rows.length} labelled item names, top-1 category accuracy ${(accuracy * 100).toFixed(1)} % (target ≥ ${TARGET * 100} %)`,
);
if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
if (accuracy < TARGET) process.exitCode = 1;
