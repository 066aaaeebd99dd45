// RAW_DATA_RETENTION_DAYS: its default and bounds (never longer than the 子育て consent promises), and what residents
// are told: the consent's deletion part states the cap, the 損傷報告 chat's first message the configured days.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { consentWording } from '../../src/features/childcare/children/consent.ts';
import { loadReportCatalog } from '../../src/features/reports/catalog/catalog.ts';
import { categoryPrompt } from '../../src/features/reports/chat/cards.ts';
import { initI18n, LANGUAGES } from '../../src/i18n/index.ts';
import { RAW_DATA_MAX_RETENTION_DAYS } from '../../src/privacy/index.ts';

describe('RAW_DATA_RETENTION_DAYS', () => {
  it('defaults to the longest the consent allows and takes a shorter one', () => {
    expect(RAW_DATA_MAX_RETENTION_DAYS).toBe(30);
    expect(loadConfig({}).rawDataRetentionDays).toBe(30);
    expect(loadConfig({ RAW_DATA_RETENTION_DAYS: '7' }).rawDataRetentionDays).toBe(7);
  });

  it.each(['0', '31', '365', 'thirty', '1.5'])('refuses %s naming the variable', (value) => {
    expect(() => loadConfig({ RAW_DATA_RETENTION_DAYS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ RAW_DATA_RETENTION_DAYS: value })).toThrow(/RAW_DATA_RETENTION_DAYS/);
  });
});

describe('what residents are told', () => {
  it.each(LANGUAGES)('the consent in %s states the cap on the raw record', async (lang) => {
    await initI18n();
    const { deletion } = consentWording(lang);
    expect(deletion).toContain(`${RAW_DATA_MAX_RETENTION_DAYS}`);
    expect(deletion).not.toContain('{{');
  });

  it.each(LANGUAGES)(
    'the report chat in %s says what happens to the data, with the configured days',
    async (lang) => {
      await initI18n();
      const [intro] = categoryPrompt(lang, 'k', loadReportCatalog(), 14);
      const text = (intro as { text: string }).text;
      expect(text.split('\n')).toHaveLength(2);
      expect(text).toContain('14');
      expect(text).not.toContain('{{');
    },
  );
});
