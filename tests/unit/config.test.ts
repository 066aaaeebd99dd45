// The environment schema: defaults, and a bad value stops the boot with a message naming the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: './data',
      line: undefined,
      lineApiBaseUrl: 'https://api.line.me',
      lineDataApiBaseUrl: 'https://api-data.line.me',
      logLevel: 'info',
      eventWorkersEnabled: true,
    });
  });

  it('treats empty values as unset and trims trailing slashes from base URLs', () => {
    const config = loadConfig({
      DATABASE_URL: '',
      LINE_API_BASE_URL: 'http://127.0.0.1:9000/',
      PUBLIC_BASE_URL: '',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicBaseUrl).toBeUndefined();
    expect(config.lineApiBaseUrl).toBe('http://127.0.0.1:9000');
  });

  it('takes a LINE channel only as a pair', () => {
    expect(loadConfig({ LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' }).line).toEqual({
      channelSecret: 's',
      channelAccessToken: 't',
    });
    expect(() => loadConfig({ LINE_CHANNEL_SECRET: 's' })).toThrow(
      /LINE_CHANNEL_ACCESS_TOKEN: .*set together/,
    );
    expect(() => loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: 't' })).toThrow(
      /LINE_CHANNEL_SECRET: .*set together/,
    );
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['LINE_API_BASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['EVENT_WORKERS_ENABLED', 'maybe'],
    ['EVENT_LEASE_SECONDS', '0'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
  });
});
