// What the rich-menu entries do: each feature answers its own (through the app's feature registry); entries of
// a feature the city switched off say so, entries not built yet answer "coming soon"; the language entry offers
// the languages, and choosing one switches the user's texts and menu.

import { clearState } from '../conversation/state-repository.ts';
import { renderFlex } from '../flex/index.ts';
import type { Language } from '../i18n/languages.ts';
import { setUserLanguage } from '../users/user-repository.ts';
import type { HandlerContext } from './handler-context.ts';
import type { MenuItem } from './postback-data.ts';

/**
 * A rich-menu entry opened in the middle of a conversation leaves it (the resident chose something else): the
 * entry's answer comes with a note, and typing afterwards no longer lands in the abandoned step.
 */
function leaveConversation(ctx: HandlerContext): void {
  const userId = ctx.userId;
  const state = ctx.state;
  if (!userId || !state) return;
  ctx.write(async (tx) => {
    await clearState(tx, userId);
  });
  ctx.state = null;
  if (state.expiresAt.getTime() > Date.now()) ctx.sendText('flow.leftForMenu');
}

export async function openMenuItem(ctx: HandlerContext, item: MenuItem): Promise<void> {
  // Help and the language picker are looked at in passing: the conversation goes on after them.
  if (item !== 'help' && item !== 'language') leaveConversation(ctx);
  if (item === 'help') {
    ctx.sendText('help.text');
    return;
  }
  if (item === 'language') {
    ctx.send(renderFlex('language-picker', { lang: ctx.language, altText: ctx.t('language.prompt') }));
    return;
  }
  const handler = ctx.services.features.menuItem(item);
  if (handler) {
    await handler(ctx);
    return;
  }
  const feature = ctx.t(`feature.${item}`);
  if (ctx.services.features.disabledFeatureOf(item)) {
    ctx.sendText('featureDisabled', { feature });
    return;
  }
  ctx.send(
    renderFlex('coming-soon', {
      lang: ctx.language,
      data: { feature },
      altText: ctx.t('comingSoon', { feature }),
    }),
  );
}

export async function setLanguage(ctx: HandlerContext, userId: string, language: Language): Promise<void> {
  ctx.write(async (tx) => setUserLanguage(tx, userId, language));
  if (ctx.user) ctx.user = { ...ctx.user, language, languageChosen: true };
  await ctx.services.linkUserMenu(userId, language);
  ctx.sendText('language.changed', { language: ctx.t(`language.name.${language}`) });
}
