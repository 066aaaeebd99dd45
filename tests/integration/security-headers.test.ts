// Security headers on every response of the whole app (answers, refusals, 404s, the webhook, the docs):
// the Content-Security-Policy, no framing, nosniff, no Referer; HSTS and upgrade-insecure-requests only
// when PUBLIC_BASE_URL is https; Open311 resources may be embedded by partners' pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.ts';

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)]),
  );
}

describe('over http (local mode, a server behind a TLS proxy without PUBLIC_BASE_URL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends the policy and the other headers on every kind of response', async () => {
    const responses = {
      health: await fetch(`${h.url}/healthz`),
      unauthenticated: await fetch(`${h.url}/admin/me`),
      notFound: await fetch(`${h.url}/nothing-here`),
      nul: await fetch(`${h.url}/healthz?x=%00`),
      docs: await fetch(`${h.url}/admin/docs/static/index.html`, { redirect: 'manual' }),
      webhook: await fetch(`${h.url}/webhook`, { method: 'POST', body: '{}' }),
    };
    expect(responses.unauthenticated.status).toBe(401);
    expect(responses.notFound.status).toBe(404);
    expect(responses.nul.status).toBe(400);
    for (const [name, res] of Object.entries(responses)) {
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), name).toBe("'self'");
      expect(csp.get('script-src'), name).toBe("'self'");
      expect(csp.get('style-src'), name).toBe("'self'");
      expect(csp.get('frame-ancestors'), name).toBe("'none'");
      expect(csp.get('object-src'), name).toBe("'none'");
      expect(csp.has('upgrade-insecure-requests'), name).toBe(false);
      expect(res.headers.get('content-security-policy'), name).not.toContain('unsafe');
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), name).toBe('DENY');
      expect(res.headers.get('referrer-policy'), name).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security'), name).toBeNull();
      expect(res.headers.get('cross-origin-resource-policy'), name).toBe('same-origin');
    }
  });

  it('lets partners’ pages embed Open311 resources', async () => {
    const res = await fetch(`${h.url}/open311/v2/services.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('with an https PUBLIC_BASE_URL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      EVENT_WORKERS_ENABLED: 'false',
      PUBLIC_BASE_URL: 'https://line.city.example.jp',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('adds HSTS and upgrades insecure requests', async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=31536000; includeSubDomains$/);
    expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(
      true,
    );
  });
});
