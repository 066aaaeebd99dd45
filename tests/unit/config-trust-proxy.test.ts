// TRUST_PROXY: unset means the connecting address is the client's; otherwise the proxies' addresses or ranges,
// never "trust everyone" (any client could then choose the address lockouts and the audit log see).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('TRUST_PROXY', () => {
  it('is off by default and takes addresses, CIDR ranges and proxy-addr’s range names', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 2001:db8::/32,192.0.2.1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '192.0.2.1',
      'loopback',
    ]);
  });

  it('refuses "true", hop counts and anything that is not an address, naming the variable', () => {
    for (const value of ['true', '*', '2', '10.0.0.0/8,proxy.internal']) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
    }
  });
});
