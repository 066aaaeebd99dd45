// The console's strings: Japanese and English have the same keys, in the shell and in every feature's console
// folder, and no value is empty.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as Record<string, string>;
const folders = [
  'console/src/locales',
  ...readdirSync(new URL('../../src/features/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `src/features/${entry.name}/console/locales`)
    .filter((folder) => {
      try {
        readdirSync(new URL(`../../${folder}`, import.meta.url));
        return true;
      } catch {
        return false;
      }
    }),
];

describe('console strings', () => {
  it.each(folders)('%s has the same keys in ja and en, none empty', (folder) => {
    const ja = read(`${folder}/ja.json`);
    const en = read(`${folder}/en.json`);
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const value of [...Object.values(ja), ...Object.values(en)]) expect(value.trim()).not.toBe('');
  });
});
