// What the rich-menu entries do: features not built yet answer "coming soon" in the user's language;
// the language entry offers the three languages, and choosing one switches the user's texts and menu.

import type { HandlerContext } from '../../events/handler-context.ts';
import type { MenuItem } from '../../events/postback-data.ts';
import { renderFlex } from '../../flex/index.ts';
import type { Language } from '../../i18n/languages.ts';
import { setUserLanguage } from '../../users/user-repository.ts';

export type MenuItemHandler = (ctx: HandlerContext) => Promise<void>;

/** Features register their entry point here as they are built; the rest answer "coming soon". */
const builtFeatures = new Map<MenuItem, MenuItemHandler>();

export function registerMenuItem(item: MenuItem, handler: MenuItemHandler): void {
  builtFeatures.set(item, handler);
}

export async function openMenuItem(ctx: HandlerContext, item: MenuItem): Promise<void> {
  if (item === 'help') {
    ctx.sendText('help.text');
    return;
  }
  if (item === 'language') {
    ctx.send(renderFlex('language-picker', { lang: ctx.language, altText: ctx.t('language.prompt') }));
    return;
  }
  const handler = builtFeatures.get(item);
  if (handler) {
    await handler(ctx);
    return;
  }
  const feature = ctx.t(`feature.${item}`);
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
