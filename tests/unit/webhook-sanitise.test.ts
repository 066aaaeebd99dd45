// The webhook body sanitiser: what jsonb refuses is replaced, deep nesting is cut without recursion, keys keep
// their order, and "__proto__" stays a plain key; parsing a 100,000-level body never overflows the stack.
import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../../src/line/webhook/parse.ts';
import {
  MAX_JSON_DEPTH,
  sanitiseJson,
  storableText,
  TOO_DEEP_MARKER,
} from '../../src/line/webhook/sanitise.ts';
import { isRowRefusal } from '../../src/line/webhook/store-events.ts';

function nestedArrays(levels: number): string {
  return '['.repeat(levels) + ']'.repeat(levels);
}

function depthOf(value: unknown): number {
  let depth = 0;
  let node = value;
  while (Array.isArray(node)) {
    depth += 1;
    node = node[0];
  }
  return depth;
}

describe('storableText', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(storableText('絵文字😀')).toBe('絵文字😀');
  });
});

describe('sanitiseJson', () => {
  it('cleans strings and keys at every level and keeps numbers, booleans and null', () => {
    const input = JSON.parse('{"a\\u0000":["x\\ud800",{"n":1.5,"t":true,"z":null}]}');
    expect(sanitiseJson(input)).toEqual({ 'a\ufffd': ['x\ufffd', { n: 1.5, t: true, z: null }] });
  });

  it('keeps the order of keys', () => {
    const input = JSON.parse('{"c":1,"a":{"y":1,"x":2},"b":[3,2,1]}');
    expect(JSON.stringify(sanitiseJson(input))).toBe('{"c":1,"a":{"y":1,"x":2},"b":[3,2,1]}');
  });

  it('keeps "__proto__" as an own key instead of changing the prototype', () => {
    const output = sanitiseJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect((output as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(output)).toBe('{"__proto__":{"polluted":true}}');
  });

  it.each([10_000, 100_000])('cuts %i levels of nesting at the limit with a marker', (levels) => {
    const output = sanitiseJson(JSON.parse(nestedArrays(levels)));
    expect(depthOf(output)).toBe(MAX_JSON_DEPTH);
    expect(JSON.stringify(output)).toContain(JSON.stringify(TOO_DEEP_MARKER));
  });

  it('leaves values within the limit as they are', () => {
    const input = JSON.parse(nestedArrays(MAX_JSON_DEPTH));
    expect(sanitiseJson(input)).toEqual(input);
  });
});

describe('parseWebhookBody', () => {
  const event = (extra: string) =>
    `{"type":"message","webhookEventId":"01HZZZZZZZZZZZZZZZZZZZZZZZ","timestamp":1,"mode":"active",` +
    `"deliveryContext":{"isRedelivery":false},"message":{"type":"text","id":"1","text":"x"},"extra":${extra}}`;

  it.each([10_000, 100_000])('never throws on a body nested %i levels deep', (levels) => {
    for (const body of [
      nestedArrays(levels),
      `{"destination":"x","events":${nestedArrays(levels)}}`,
      `{"destination":"x","events":[${nestedArrays(levels)}]}`,
    ]) {
      const parsed = parseWebhookBody(Buffer.from(body));
      expect(parsed.ok).toBe(false);
    }
    const parsed = parseWebhookBody(
      Buffer.from(`{"destination":"x","events":[${event(nestedArrays(levels))}]}`),
    );
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(() => JSON.stringify(parsed.body)).not.toThrow();
  });

  it('refuses a timestamp no ISO date can hold', () => {
    const body = `{"destination":"x","events":[${event('1').replace('"timestamp":1', '"timestamp":1e300')}]}`;
    expect(parseWebhookBody(Buffer.from(body))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/events\.0\.timestamp/),
    });
  });
});

describe('isRowRefusal', () => {
  it('blames the row for data, constraint and limit errors only', () => {
    for (const code of ['22P05', '22P02', '22021', '23514', '23502', '54001']) {
      expect(isRowRefusal(Object.assign(new Error(code), { code }))).toBe(true);
    }
    for (const code of [
      '08006',
      '57P01',
      '53300',
      '55000',
      '25006',
      '40001',
      '42501',
      '42P01',
      'ECONNREFUSED',
    ]) {
      expect(isRowRefusal(Object.assign(new Error(code), { code }))).toBe(false);
    }
    expect(isRowRefusal(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
