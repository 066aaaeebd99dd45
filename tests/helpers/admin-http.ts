// Calls the staff admin API over HTTP with a staff token, returning status, parsed JSON and raw bytes.
export interface AdminAnswer {
  status: number;
  body: Record<string, unknown> & { error?: string };
  text: string;
  bytes: Buffer;
  headers: Headers;
}

export async function adminCall(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<AdminAnswer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let parsed: Record<string, unknown> = {};
  if (res.headers.get('content-type')?.includes('json') && text)
    parsed = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, body: parsed, text, bytes, headers: res.headers };
}
