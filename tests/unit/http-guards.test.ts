// The small pieces of the HTTP hardening: whom a failure counter counts (IPv6 by /64), which text the database
// cannot store, and how a client's X-Request-Id is kept for the log.
import { describe, expect, it } from 'vitest';
import { accountSubject, addressSubject } from '../../src/http/client-address.ts';
import { unstorableTextAt } from '../../src/http/request-guards.ts';
import { clientRequestId } from '../../src/http/request-id.ts';

describe('addressSubject', () => {
  it('counts IPv4 clients by address, IPv4-mapped ones as IPv4, IPv6 clients by their /64', () => {
    expect(addressSubject('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressSubject('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressSubject('2001:db8:1:2:3:4:5:6')).toBe('ip:2001:db8:1:2::/64');
    expect(addressSubject('2001:0db8:0001:0002:ffff::1')).toBe('ip:2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:3::1')).toBe('ip:2001:db8:1:3::/64');
    expect(accountSubject('42')).toBe('account:42');
  });
});

describe('unstorableTextAt', () => {
  it('names where a NUL or an unpaired surrogate is, in values and keys, at any depth', () => {
    expect(unstorableTextAt({ name: 'ok', roles: [{ scope: 'a' }] }, 'body')).toBeNull();
    expect(unstorableTextAt({ name: 'a\u0000b' }, 'body')).toBe('body.name');
    expect(unstorableTextAt({ texts: { ja: 'x\ud800' } }, 'body')).toBe('body.texts.ja');
    expect(unstorableTextAt({ roles: [{ scope: 'ok' }, { scope: '\u0000' }] }, 'body')).toBe(
      'body.roles.1.scope',
    );
    expect(unstorableTextAt({ 'bad\u0000key': 1 }, 'querystring')).toBe('querystring');
    expect(unstorableTextAt('\udc00', 'params')).toBe('params');
    expect(unstorableTextAt({ emoji: '😀' }, 'body')).toBeNull();
    expect(unstorableTextAt(undefined, 'body')).toBeNull();
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextAt(deep, 'body')?.startsWith('body.0.0.0')).toBe(true);
  });
});

describe('clientRequestId', () => {
  it('keeps printable ASCII, bounded, and replaces anything that could forge a log line', () => {
    expect(clientRequestId('abc-123')).toBe('abc-123');
    expect(clientRequestId(undefined)).toBeUndefined();
    expect(clientRequestId(['first', 'second'])).toBe('first');
    expect(clientRequestId('a\nb\u0000c')).toBe('a?b?c');
    expect(clientRequestId('x'.repeat(500))).toHaveLength(128);
  });
});
