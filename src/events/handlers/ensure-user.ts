// Makes sure the sender is a known user before handling: someone who followed before users were stored, or
// whose follow event was lost, is recorded from their LINE profile the first time they write.
import type { Language } from '../../i18n/languages.ts';
import { languageFromProfile } from '../../i18n/languages.ts';
import { upsertFollowingUser } from '../../users/user-repository.ts';
import type { HandlerContext } from '../handler-context.ts';

export async function loadProfileLanguage(
  ctx: HandlerContext,
  userId: string,
): Promise<{ displayName: string | null; language: Language }> {
  const profile = await ctx.services.line?.getProfile(userId).catch((error: unknown) => {
    ctx.log.warn({ err: error }, 'LINE profile could not be read; using the default language');
    return null;
  });
  return { displayName: profile?.displayName ?? null, language: languageFromProfile(profile?.language) };
}

export async function ensureUser(ctx: HandlerContext): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  if (ctx.user) return;
  // Only someone writing in their own 1:1 chat has followed the account; a group member may never have.
  if (ctx.event.chatId !== userId) return;
  const profile = await loadProfileLanguage(ctx, userId);
  ctx.user = {
    userId,
    displayName: profile.displayName,
    language: profile.language,
    languageChosen: false,
    followed: true,
  };
  ctx.write(async (tx) => {
    await upsertFollowingUser(tx, {
      userId,
      displayName: profile.displayName,
      profileLanguage: profile.language,
      isFollowEvent: false,
    });
  });
}
