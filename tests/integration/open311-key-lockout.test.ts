// Open311 POST keys behind a per-address lockout, through the whole app: wrong keys lock the sending address
// out (429 + Retry-After in Open311's error format, checked before the key), other partners go on, and the
// lockout is audited once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_KEY_FAILURES } from '../../src/features/reports/open311/api-keys.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const API_KEY = 'partner-key-0123456789abcdef';
// 春日市役所 (inside the city).
const AT = { lat: '33.5282', long: '130.4703' };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    TRUST_PROXY: 'loopback',
    OPEN311_API_KEYS: API_KEY,
    EVENT_WORKERS_ENABLED: 'false',
  });
});
afterAll(async () => {
  await h?.close();
});

async function post(from: string, apiKey: string | undefined) {
  const res = await fetch(`${h.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
    body: new URLSearchParams({
      ...(apiKey ? { api_key: apiKey } : {}),
      service_code: 'road',
      ...AT,
    }).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { code: number }[] };
}

describe('Open311 API keys', () => {
  it('locks out an address that keeps sending wrong keys, before looking at the key', async () => {
    const guesser = '192.0.2.10';
    for (let i = 1; i < OPEN311_KEY_FAILURES.maxFailures; i++) {
      expect((await post(guesser, i % 2 ? `wrong-key-${i}-000000000000` : undefined)).status).toBe(403);
    }
    const locking = await post(guesser, 'wrong-key-last-0000000000');
    expect(locking.status).toBe(429);
    expect(locking.body).toEqual([
      { code: 429, description: expect.stringMatching(/try again in \d+ seconds/) },
    ]);
    expect(Number(locking.headers.get('retry-after'))).toBeGreaterThan(OPEN311_KEY_FAILURES.lockSeconds - 10);
    // Even the right key is refused from there while locked out; another partner is not affected.
    expect((await post(guesser, API_KEY)).status).toBe(429);
    const partner = await post('192.0.2.20', API_KEY);
    expect(partner.status).toBe(201);
    // Reading stays open to everyone.
    const read = await fetch(`${h.url}/open311/v2/services.json`, {
      headers: { 'x-forwarded-for': guesser },
    });
    expect(read.status).toBe(200);
    expect(
      await h.query(
        `SELECT resource_id, details->>'credential' AS credential FROM audit_log WHERE action = 'auth.lockout'`,
      ),
    ).toEqual([{ resource_id: 'ip:192.0.2.10', credential: 'open311-key' }]);
  });

  it('lets the address post again once the lockout has ended', async () => {
    await h.query(`UPDATE auth_failures SET locked_until = now() - interval '1 second'`);
    expect((await post('192.0.2.10', API_KEY)).status).toBe(201);
  });
});
