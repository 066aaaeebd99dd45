// Which menu set followers are shown: the everyday menus (`main-<lang>`) or, in disaster mode, `disaster-<lang>`.
import type { Queryable } from '../../db/transact.ts';
import type { Language } from '../../i18n/languages.ts';
import { aliasIdFor } from './definition.ts';
import { disasterAliasId } from './disaster/definition.ts';

export type MenuMode = 'normal' | 'disaster';

/** The mode followers should see now (set as soon as a switch is requested). */
export async function currentMenuMode(db: Queryable): Promise<MenuMode> {
  const { rows } = await db.query<{ mode: MenuMode }>('SELECT mode FROM rich_menu_mode WHERE id = 1');
  return rows[0]?.mode ?? 'normal';
}

export function menuAliasFor(mode: MenuMode, lang: Language): string {
  return mode === 'disaster' ? disasterAliasId(lang) : aliasIdFor('main', lang);
}

/** The alias one user's menu link should resolve now. */
export async function userMenuAlias(db: Queryable, lang: Language): Promise<string> {
  return menuAliasFor(await currentMenuMode(db), lang);
}
