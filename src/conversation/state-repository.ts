// Per-user conversation state for multi-step flows: which flow and step, what was collected, when it lapses.
import type { Queryable } from '../db/transact.ts';

export interface ConversationState {
  userId: string;
  flow: string;
  step: string;
  data: Record<string, unknown>;
  expiresAt: Date;
}

interface StateRow {
  user_id: string;
  flow: string;
  step: string;
  data: Record<string, unknown>;
  expires_at: Date;
}

function toState(row: StateRow): ConversationState {
  return { userId: row.user_id, flow: row.flow, step: row.step, data: row.data, expiresAt: row.expires_at };
}

/** The user's state, expired or not (the caller tells the resident when a flow lapsed). */
export async function findState(db: Queryable, userId: string): Promise<ConversationState | null> {
  const result = await db.query<StateRow>(
    'SELECT user_id, flow, step, data, expires_at FROM conversation_states WHERE user_id = $1',
    [userId],
  );
  return result.rows[0] ? toState(result.rows[0]) : null;
}

export async function saveState(
  db: Queryable,
  input: { userId: string; flow: string; step: string; data: Record<string, unknown>; ttlSeconds: number },
): Promise<void> {
  await db.query(
    `INSERT INTO conversation_states (user_id, flow, step, data, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
     ON CONFLICT (user_id) DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data,
       expires_at = EXCLUDED.expires_at, updated_at = now()`,
    [input.userId, input.flow, input.step, JSON.stringify(input.data), input.ttlSeconds],
  );
}

export async function clearState(db: Queryable, userId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM conversation_states WHERE user_id = $1', [userId]);
  return (result.rowCount ?? 0) > 0;
}
