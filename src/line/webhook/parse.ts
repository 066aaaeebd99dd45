// From the verified raw bytes to a storable webhook body, or the reason (for a 400) that it is not LINE's.
// The raw bytes are not kept: the signature was checked on them, and nothing later needs them.
import { type WebhookBody, webhookBodySchema } from './envelope.ts';
import { MAX_JSON_DEPTH, sanitiseJson } from './sanitise.ts';

/** The body and its events array sit above the events, whose own nesting is what MAX_JSON_DEPTH bounds. */
const BODY_DEPTH = MAX_JSON_DEPTH + 2;

export type ParsedWebhook = { ok: true; body: WebhookBody } | { ok: false; error: string };

export function parseWebhookBody(raw: Buffer): ParsedWebhook {
  let json: unknown;
  try {
    // V8 parses without recursion (checked at 100,000 levels); bytes that are not UTF-8 become U+FFFD.
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  // Sanitised before validation, so the schema and everything after it see bounded, storable values.
  const parsed = webhookBodySchema.safeParse(sanitiseJson(json, BODY_DEPTH));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(body)';
    return { ok: false, error: `not a LINE webhook: ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, body: parsed.data };
}
