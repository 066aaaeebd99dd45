// Secret query parameters are replaced in logged URLs; everything else stays as it came.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl, withLogRedaction } from '../../src/http/log-redaction.ts';

describe('redactUrl', () => {
  it('replaces the values of api_key, token and password parameters', () => {
    expect(redactUrl('/open311/v2/requests.json?api_key=SECRET&service_code=road')).toBe(
      `/open311/v2/requests.json?api_key=${REDACTED}&service_code=road`,
    );
    expect(redactUrl('/x?a=1&TOKEN=t1&access_token=t2&password=p&Api-Key=k&api%5Fkey=k2&api_key[]=k3')).toBe(
      `/x?a=1&TOKEN=${REDACTED}&access_token=${REDACTED}&password=${REDACTED}&Api-Key=${REDACTED}&api%5Fkey=${REDACTED}&api_key[]=${REDACTED}`,
    );
  });

  it('leaves other URLs and parameters untouched', () => {
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/x?q=%E7%A9%B4&status=open,closed&tokens=1&bad=%ZZ')).toBe(
      '/x?q=%E7%A9%B4&status=open,closed&tokens=1&bad=%ZZ',
    );
  });
});

describe('withLogRedaction', () => {
  it('adds the request serializer and keeps a disabled logger disabled', () => {
    expect(withLogRedaction(false)).toBe(false);
    const options = withLogRedaction({ level: 'warn' });
    expect(options).toMatchObject({ level: 'warn', serializers: { req: expect.any(Function) } });
  });
});
