// The environment schema: defaults, and a bad value stops the boot with a message naming the variable.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const channel = { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' };

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      line: undefined,
      lineApiBaseUrl: 'https://api.line.me',
      lineDataApiBaseUrl: 'https://api-data.line.me',
      logLevel: 'info',
      eventWorkersEnabled: true,
      localMode: 'auto',
    });
  });

  it('listens on loopback by default in local mode, on every interface with a channel, and on HOST when set', () => {
    expect(loadConfig({})).toMatchObject({ channelKind: 'local', host: '127.0.0.1' });
    expect(loadConfig({ LOCAL_MODE: 'on' })).toMatchObject({ channelKind: 'local', host: '127.0.0.1' });
    expect(loadConfig(channel)).toMatchObject({ channelKind: 'line', host: '0.0.0.0' });
    // Without a channel and with local mode off, what is queued waits for the real channel.
    expect(loadConfig({ LOCAL_MODE: 'off' })).toMatchObject({ channelKind: 'line', host: '0.0.0.0' });
    expect(loadConfig({ HOST: '0.0.0.0' })).toMatchObject({ channelKind: 'local', host: '0.0.0.0' });
    expect(loadConfig({ ...channel, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('trims trailing slashes from base URLs', () => {
    expect(loadConfig({ LINE_API_BASE_URL: 'http://127.0.0.1:9000/' }).lineApiBaseUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('takes a LINE channel only as a pair', () => {
    expect(loadConfig(channel).line).toEqual({ channelSecret: 's', channelAccessToken: 't' });
    expect(configError({ LINE_CHANNEL_SECRET: 's' })).toMatch(/LINE_CHANNEL_ACCESS_TOKEN: .*set together/);
    expect(configError({ LINE_CHANNEL_ACCESS_TOKEN: 't' })).toMatch(/LINE_CHANNEL_SECRET: .*set together/);
  });

  it('refuses LOCAL_MODE=on together with a LINE channel', () => {
    expect(configError({ ...channel, LOCAL_MODE: 'on' })).toMatch(
      /^\s+LOCAL_MODE: .*unset LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/m,
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
    ['LOCAL_MODE', 'yes'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(configError({ [name]: value })).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
  });
});

describe('an empty variable', () => {
  // Secrets that were not injected arrive as `NAME=`: that must stop the boot, never mean "unset".
  it.each(CONFIG_VARIABLES.flatMap((name) => [[name, ''] as const, [name, '  '] as const]))(
    'refuses %s=%j naming it',
    (name, value) => {
      expect(configError({ [name]: value })).toMatch(
        new RegExp(`^\\s+${name}: is empty — remove it or give a value`, 'm'),
      );
    },
  );

  it('names every empty variable at once, without repeating them as other mistakes', () => {
    const message = configError({ LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: 't', PORT: 'x' });
    expect(message).toMatch(/^\s+LINE_CHANNEL_SECRET: is empty/m);
    expect(message).toMatch(/^\s+PORT: /m);
    expect(message).not.toMatch(/set together/);
  });

  it('is told apart from an unset one: both LINE variables empty is not local mode', () => {
    const message = configError({ LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '' });
    expect(message).toMatch(/^\s+LINE_CHANNEL_SECRET: is empty/m);
    expect(message).toMatch(/^\s+LINE_CHANNEL_ACCESS_TOKEN: is empty/m);
  });
});

describe('.env.example', () => {
  it('documents exactly the variables the configuration reads', async () => {
    const text = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(CONFIG_VARIABLES));
  });
});
