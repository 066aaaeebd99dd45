// What the rich-menu entries do: each feature answers its own (through the app's feature registry); entries of
// a feature the city switched off say so, entries not built yet answer "coming soon"; the language entry offers
// the languages, and choosing one switches the user's texts and menu.

import type { HandlerContext } from '../../events/handler-context.ts';
import type { MenuItem } from '../../events/postback-data.ts';
import { renderFlex } from '../../flex/index.ts';
import type { Language } from '../../i18n/languages.ts';
import { setUserLanguage } from '../../users/user-repository.ts';

export async function openMenuItem(ctx: HandlerContext, item: MenuItem): Promise<void> {
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
