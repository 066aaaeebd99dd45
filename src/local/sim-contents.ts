// The photos simulated users sent, kept in simulator_contents: the emulator holds content in memory only, so
// after a restart the simulator still shows them and the bot can still fetch one it had not handled yet.
import type { Queryable } from '../db/transact.ts';
import type { LineEmulator } from '../line/emulator/index.ts';

export async function storeContent(
  db: Queryable,
  content: { messageId: string; userId: string; contentType: string; bytes: Buffer },
): Promise<void> {
  await db.query(
    `INSERT INTO simulator_contents (message_id, user_id, content_type, bytes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (message_id) DO NOTHING`,
    [content.messageId, content.userId, content.contentType, content.bytes],
  );
}

/**
 * Hands the emulator the photos of events not handled yet when the last run stopped (the bot fetches them from
 * LINE when it gets to them); older ones are served from the database on demand (see loadContent).
 */
export async function restorePendingContents(db: Queryable, emulator: LineEmulator): Promise<number> {
  const { rows } = await db.query<{ message_id: string; content_type: string; bytes: Uint8Array }>(
    `SELECT c.message_id, c.content_type, c.bytes FROM simulator_contents c
       JOIN webhook_events e ON e.event_type = 'message' AND e.payload->'message'->>'id' = c.message_id
      WHERE e.status IN ('pending', 'processing')`,
  );
  // The embedded database answers bytea as a Uint8Array, PostgreSQL as a Buffer.
  for (const row of rows) emulator.setContent(row.message_id, Buffer.from(row.bytes), row.content_type);
  return rows.length;
}

export async function loadContent(
  db: Queryable,
  messageId: string,
): Promise<{ contentType: string; data: Buffer } | null> {
  const { rows } = await db.query<{ content_type: string; bytes: Uint8Array }>(
    'SELECT content_type, bytes FROM simulator_contents WHERE message_id = $1',
    [messageId],
  );
  const row = rows[0];
  return row ? { contentType: row.content_type, data: Buffer.from(row.bytes) } : null;
}
