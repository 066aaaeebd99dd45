// The disaster-mode rich menu as data: a header band and five tiles (避難所, 避難情報, 安否報告, 災害時の連絡先, 言語).
import type { MenuItem } from '../../../events/postback-data.ts';
import type { Language } from '../../../i18n/languages.ts';
import type { IconName } from '../definition.ts';

export interface DisasterTile {
  /** The menu entry the tile opens (`action=menu&item=…`); 避難所 is the 防災 entry, which finds shelters. */
  item: MenuItem;
  /** Key in the bousaiMenu namespace: `tiles.<key>.label` / `.caption`. */
  key: string;
  icon: IconName;
  color: string;
}

export interface DisasterMenuDefinition {
  size: { width: number; height: number };
  headerHeight: number;
  gutter: number;
  /** Rows of tiles below the header; rows share the height evenly. */
  rows: readonly (readonly DisasterTile[])[];
  /** The header opens this entry too (the latest 避難情報). */
  headerItem: MenuItem;
  theme: {
    background: string;
    header: string;
    headerText: string;
    tile: string;
    text: string;
    caption: string;
  };
}

// Red and white: unmistakably not the everyday menu, with high contrast for a phone in the dark or the rain.
export const DISASTER_MENU: DisasterMenuDefinition = {
  size: { width: 2500, height: 1686 },
  headerHeight: 250,
  gutter: 16,
  headerItem: 'evacuationInfo',
  theme: {
    background: '#F6E3E1',
    header: '#B3261E',
    headerText: '#FFFFFF',
    tile: '#FFFFFF',
    text: '#2B1A19',
    caption: '#5C4543',
  },
  rows: [
    [
      { item: 'disaster', key: 'shelters', icon: 'shelter', color: '#B3261E' },
      { item: 'evacuationInfo', key: 'evacuationInfo', icon: 'warning', color: '#D9962B' },
      { item: 'safetyReport', key: 'safetyReport', icon: 'family', color: '#1E7B4F' },
    ],
    [
      { item: 'disasterContacts', key: 'contacts', icon: 'envelope', color: '#2F78B7' },
      { item: 'language', key: 'language', icon: 'globe', color: '#6A5BB5' },
    ],
  ],
};

/** The alias of the disaster menu in `lang` (`disaster-ja`); the normal deploy never touches these. */
export function disasterAliasId(lang: Language): string {
  return `disaster-${lang}`;
}

/** Menus this code creates are named `bousai-<lang>-<hash8>`, a pattern the normal deploy ignores. */
export function disasterMenuName(lang: Language, hash: string): string {
  return `bousai-${lang}-${hash}`;
}

export const DISASTER_MENU_NAME_PATTERN = /^bousai-(ja|en|ja-easy)-[0-9a-f]{8}$/;
