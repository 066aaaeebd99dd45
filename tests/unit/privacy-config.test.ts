// RAW_DATA_RETENTION_DAYS: its default and bounds (never longer than the 子育て consent promises), and what parents
// are told: the consent's deletion part states the cap.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { consentWording } from '../../src/features/childcare/children/consent.ts';
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
});
