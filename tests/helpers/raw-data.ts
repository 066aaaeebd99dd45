// Looks for a piece of personal data in the raw tables the way a security review does: the JSON text of every
// row of webhook_events and outbound_messages (payload, messages, last_error and all).
import type { Harness } from './harness.ts';

export interface RawRow {
  table: 'webhook_events' | 'outbound_messages';
  status: string;
  json: string;
}

/** Every raw row whose JSON text contains any of `needles`. */
export async function rawRowsContaining(h: Harness, ...needles: string[]): Promise<RawRow[]> {
  const rows = await h.query<{ table: RawRow['table']; status: string; json: string }>(
    `SELECT 'webhook_events' AS "table", status, row_to_json(w)::text AS json FROM webhook_events w
     UNION ALL
     SELECT 'outbound_messages', status, row_to_json(o)::text FROM outbound_messages o`,
  );
  return rows.filter((row) => needles.some((needle) => row.json.includes(needle)));
}
