// Links residents to the main menu of their language: one user (webhook) or everyone in bulk (deploy).
import type { messagingApi } from '@line/bot-sdk';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages.ts';
import { aliasIdFor } from './definition.ts';

/** LINE's limit of user ids in one bulk link request. */
export const BULK_LINK_MAX_USERS = 500;

export interface UserLanguageBatch {
  /** The stored language; anything unsupported falls back to the default language. */
  language: string;
  userIds: readonly string[];
}

/**
 * Links `userId` to the menu behind alias `main-<lang>` and returns that menu's id. Resolving the alias at
 * call time means the webhook never needs to know menu ids, which change with every new design.
 */
export async function linkUserMenu(
  api: messagingApi.MessagingApiClient,
  userId: string,
  lang: Language,
  /** The alias to resolve; `main-<lang>` unless the account is in disaster mode (mode.ts). */
  aliasId: string = aliasIdFor('main', lang),
): Promise<string> {
  const { richMenuId } = await api.getRichMenuAlias(aliasId);
  await api.linkRichMenuIdToUser(userId, richMenuId);
  return richMenuId;
}

/** Bulk-links every listed user to the menu of their language, 500 ids per call; returns how many. */
export async function linkUsersByLanguage(
  api: messagingApi.MessagingApiClient,
  menuIdFor: (lang: Language) => string,
  batches: AsyncIterable<UserLanguageBatch>,
): Promise<number> {
  const pending = new Map<Language, string[]>();
  let linked = 0;
  const flush = async (lang: Language, userIds: string[]) => {
    await api.linkRichMenuIdToUsers({ richMenuId: menuIdFor(lang), userIds });
    linked += userIds.length;
  };
  for await (const batch of batches) {
    const lang = isLanguage(batch.language) ? batch.language : DEFAULT_LANGUAGE;
    const queue = pending.get(lang) ?? [];
    pending.set(lang, queue);
    for (const userId of batch.userIds) {
      queue.push(userId);
      if (queue.length === BULK_LINK_MAX_USERS) await flush(lang, queue.splice(0));
    }
  }
  for (const [lang, queue] of pending) if (queue.length > 0) await flush(lang, queue);
  return linked;
}
