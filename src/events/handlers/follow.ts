// follow: store the user, greet them in their language (LINE profile, else Japanese), show their menu.
// unfollow: mark them, so nothing is ever pushed to them again.
import { renderFlex } from '../../flex/index.ts';
import { markUnfollowed, upsertFollowingUser } from '../../users/user-repository.ts';
import type { HandlerContext } from '../handler-context.ts';
import { loadProfileLanguage } from './ensure-user.ts';

export async function handleFollow(ctx: HandlerContext): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  const existing = ctx.user;
  const profile = await loadProfileLanguage(ctx, userId);
  const language = existing?.languageChosen ? existing.language : profile.language;
  ctx.user = {
    userId,
    displayName: profile.displayName ?? existing?.displayName ?? null,
    language,
    languageChosen: existing?.languageChosen ?? false,
    followed: true,
  };
  ctx.write(async (tx) => {
    await upsertFollowingUser(tx, {
      userId,
      displayName: profile.displayName,
      profileLanguage: profile.language,
      isFollowEvent: true,
    });
  });
  await ctx.services.linkUserMenu(userId, language);
  // LINE profiles always have a display name, but the profile look-up itself can fail.
  const name = ctx.user.displayName ?? ctx.t('greeting.guestName');
  ctx.send(renderFlex('welcome', { lang: language, data: { name }, altText: ctx.t('greeting', { name }) }));
}

export async function handleUnfollow(ctx: HandlerContext): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  ctx.write(async (tx) => markUnfollowed(tx, userId));
}
