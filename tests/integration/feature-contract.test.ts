// The feature contract: each app instance has registries of its own (two apps in one process do not share a
// menu entry or a job), a feature switched off by DISABLED_FEATURES has no routes or jobs and its menu entries
// say so, and an unknown name in DISABLED_FEATURES stops the boot naming the variable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { FeatureDefinition } from '../../src/features/contract.ts';
import { FEATURES } from '../../src/features/index.ts';
import { t } from '../../src/i18n/index.ts';
import { chatWith } from '../helpers/chat.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

describe('a feature switched off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ DISABLED_FEATURES: 'childcare' });
  });
  afterAll(async () => {
    await h?.close();
  });
  const { tap } = chatWith(() => h);

  it('answers its menu entries with a notice, has no staff routes and no jobs', async () => {
    const userId = h.newUser('Hana', 'ja');
    const answer = await tap(userId, 'action=menu&item=childcare');
    expect(answer).toEqual([
      { type: 'text', text: t('ja', 'featureDisabled', { feature: t('ja', 'feature.childcare') }) },
    ]);
    expect((await fetch(`${h.url}/admin/childcare/districts`)).status).toBe(404);
    expect(h.app.jobs.has('childcare.reminders')).toBe(false);
    expect(h.app.jobs.has('reservations.reminders')).toBe(true);
    // The others still work.
    const reservations = await tap(userId, 'action=menu&item=reservations');
    expect(reservations.length).toBeGreaterThan(0);
    expect(JSON.stringify(reservations)).not.toContain(`${t('ja', 'feature.reservations')}」は、この市では`);
  });
});

describe('registries belong to the app instance', () => {
  it('two apps in one process answer their own menu entries', async () => {
    const db = [await createTestDatabase(), await createTestDatabase()];
    const answered: string[] = [];
    const probe = (label: string): FeatureDefinition => ({
      name: 'probe',
      menuItems: ['faq'],
      create: () => ({
        menu: {
          faq: async (ctx) => {
            answered.push(label);
            ctx.send({ type: 'text', text: label });
          },
        },
      }),
    });
    const apps = await Promise.all(
      ['A', 'B'].map((label, i) =>
        buildApp({
          config: loadConfig({
            ...(db[i]?.databaseUrl ? { DATABASE_URL: db[i]?.databaseUrl } : {}),
            DATA_DIR: db[i]?.dataDir,
            LOG_LEVEL: 'silent',
            LOCAL_MODE: 'off',
          }),
          features: [...FEATURES.filter((f) => !f.menuItems.includes('faq')), probe(label)],
        }),
      ),
    );
    try {
      for (const [i, app] of apps.entries()) {
        const handler = app.services.features.menuItem('faq');
        expect(handler).toBeDefined();
        await handler?.({ send: () => {} } as never);
        expect(answered[i]).toBe(i === 0 ? 'A' : 'B');
      }
    } finally {
      for (const app of apps) await app.close();
      for (const d of db) await d.drop();
    }
  }, 120_000);

  it('an unknown name in DISABLED_FEATURES stops the boot, naming the variable', async () => {
    const db = await createTestDatabase();
    try {
      await expect(
        buildApp({
          config: loadConfig({
            ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
            DATA_DIR: db.dataDir,
            LOG_LEVEL: 'silent',
            LOCAL_MODE: 'off',
            DISABLED_FEATURES: 'childcare,parking',
          }),
        }),
      ).rejects.toThrow(/DISABLED_FEATURES: unknown feature parking/);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
