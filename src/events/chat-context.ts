// Loads what every user event needs — the user and their conversation state — in one round trip.
import type { ConversationState } from '../conversation/state-repository.ts';
import type { Queryable } from '../db/transact.ts';
import { DEFAULT_LANGUAGE, isLanguage } from '../i18n/languages.ts';
import type { LineUser } from '../users/user-repository.ts';

interface Row {
  user_id: string | null;
  display_name: string | null;
  language: string | null;
  language_chosen: boolean | null;
  followed: boolean | null;
  flow: string | null;
  step: string | null;
  data: Record<string, unknown> | null;
  expires_at: Date | null;
}

export interface ChatContext {
  user: LineUser | null;
  state: ConversationState | null;
}

export async function loadChatContext(db: Queryable, userId: string): Promise<ChatContext> {
  const contexts = await loadChatContexts(db, [userId]);
  return contexts.get(userId) ?? { user: null, state: null };
}

/** The contexts of many users in one query (a claimed batch of events). */
export async function loadChatContexts(db: Queryable, userIds: string[]): Promise<Map<string, ChatContext>> {
  const result = await db.query<Row & { id: string }>(
    `SELECT k.id, u.user_id, u.display_name, u.language, u.language_chosen, u.followed,
            s.flow, s.step, s.data, s.expires_at
       FROM unnest($1::text[]) AS k(id)
       LEFT JOIN line_users u ON u.user_id = k.id
       LEFT JOIN conversation_states s ON s.user_id = k.id`,
    [userIds],
  );
  return new Map(result.rows.map((row) => [row.id, toChatContext(row.id, row)]));
}

function toChatContext(userId: string, row: Row): ChatContext {
  const user: LineUser | null =
    row?.user_id != null
      ? {
          userId: row.user_id,
          displayName: row.display_name,
          language: isLanguage(row.language) ? row.language : DEFAULT_LANGUAGE,
          languageChosen: row.language_chosen ?? false,
          followed: row.followed ?? true,
        }
      : null;
  const state: ConversationState | null =
    row?.flow != null && row.step != null && row.expires_at != null
      ? { userId, flow: row.flow, step: row.step, data: row.data ?? {}, expiresAt: row.expires_at }
      : null;
  return { user, state };
}
