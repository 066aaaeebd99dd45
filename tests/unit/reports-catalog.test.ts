// The report catalog data: the shipped files load, and mistakes are named by file and field.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  loadReportCatalog,
  openStatuses,
  parseReportCatalog,
  statusLabel,
  telUri,
} from '../../src/features/reports/index.ts';

const dir = new URL('../../src/features/reports/catalog/', import.meta.url);
const shippedCategories = JSON.parse(await readFile(new URL('categories.json', dir), 'utf8'));
const shippedStatuses = JSON.parse(await readFile(new URL('statuses.json', dir), 'utf8'));
const clone = <T>(value: T): T => structuredClone(value);

describe('the shipped catalog', () => {
  it('loads with departments, emergency notices and the three public labels', () => {
    const catalog = loadReportCatalog();
    expect(catalog.initialStatus).toBe('received');
    const road = catalog.categories.find((c) => c.id === 'road');
    expect(road?.emergency?.notice.ja).toBe('危険な場合はすぐに電話で');
    expect(telUri(road?.emergency?.tel ?? '')).toMatch(/^tel:\+?\d+$/);
    const labels = new Set(catalog.statuses.map((s) => statusLabel(catalog, s.id, 'ja')));
    expect([...labels].sort()).toEqual(['受付', '完了', '対応中'].sort());
    expect(openStatuses(catalog)).toEqual(['received', 'in_progress']);
    for (const s of catalog.statuses) expect(s.label.en && s.label['ja-easy']).toBeTruthy();
  });
});

describe('mistakes in the data', () => {
  it('names the file and the field', () => {
    const categories = clone(shippedCategories);
    categories.categories[1].department = 'nowhere';
    expect(() => parseReportCatalog(categories, shippedStatuses)).toThrow(
      /categories\.json: categories\.1\.department: "nowhere" is not one of the departments/,
    );
    const badTel = clone(shippedCategories);
    badTel.categories[0].emergency.tel = 'call us';
    expect(() => parseReportCatalog(badTel, shippedStatuses)).toThrow(
      /categories\.json: categories\.0\.emergency\.tel/,
    );
    const noJa = clone(shippedCategories);
    delete noJa.categories[2].name.ja;
    expect(() => parseReportCatalog(noJa, shippedStatuses)).toThrow(
      /categories\.json: categories\.2\.name\.ja/,
    );
    const twice = clone(shippedCategories);
    twice.categories.push(clone(twice.categories[0]));
    expect(() => parseReportCatalog(twice, shippedStatuses)).toThrow(/"road" appears twice/);
  });

  it('checks the status workflow refers to real statuses', () => {
    const statuses = clone(shippedStatuses);
    statuses.statuses[0].transitions.push('finished');
    expect(() => parseReportCatalog(shippedCategories, statuses)).toThrow(
      /statuses\.json: statuses\.0\.transitions\.4: "finished" is not another status/,
    );
    const initial = clone(shippedStatuses);
    initial.initial = 'open';
    expect(() => parseReportCatalog(shippedCategories, initial)).toThrow(/statuses\.json: initial/);
    const extra = clone(shippedStatuses);
    extra.statuses[1].colour = 'red';
    expect(() => parseReportCatalog(shippedCategories, extra)).toThrow(CatalogError);
  });

  it('reports an unreadable or broken file by its path', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'reports-catalog-'));
    try {
      await writeFile(path.join(tmp, 'categories.json'), '{ broken');
      await writeFile(path.join(tmp, 'statuses.json'), JSON.stringify(shippedStatuses));
      expect(() => loadReportCatalog(pathToFileURL(`${tmp}/`))).toThrow(
        /categories\.json: \(top level\): is not valid JSON/,
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
