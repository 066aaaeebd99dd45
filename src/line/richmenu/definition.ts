// The rich menus as data: tabs, their tiles and the city's colours; requests and images are both built from this.
import type { Language } from '../../i18n/languages.ts';

export const TAB_IDS = ['main', 'mine'] as const;
export type TabId = (typeof TAB_IDS)[number];

export const ITEM_IDS = [
  'gomi',
  'reservations',
  'childcare',
  'reports',
  'disaster',
  'faq',
  'language',
  'myReservations',
  'myReports',
  'myChildren',
  'help',
  'contact',
] as const;
export type ItemId = (typeof ITEM_IDS)[number];

export const ICON_NAMES = [
  'trash',
  'calendar',
  'family',
  'warning',
  'shelter',
  'question',
  'globe',
  'calendarCheck',
  'pin',
  'book',
  'envelope',
] as const;
export type IconName = (typeof ICON_NAMES)[number];

export interface TabDefinition {
  id: TabId;
  /** Key in richmenu.json of the tab button's label. */
  labelKey: string;
  /** Tiles below the tab bar, row by row; each row is split evenly, rows share the height evenly. */
  rows: readonly (readonly ItemId[])[];
}

export interface ItemDefinition {
  labelKey: string;
  captionKey: string;
  icon: IconName;
  /** Colour of the tile's icon disc. */
  color: string;
}

export interface RichMenuTheme {
  background: string;
  tile: string;
  text: string;
  caption: string;
  tabActive: string;
  tabActiveText: string;
  tabInactive: string;
  tabInactiveText: string;
  accent: string;
}

export interface RichMenuDefinition {
  size: { width: number; height: number };
  tabBarHeight: number;
  /** Gap drawn between tiles; tap areas still cover the whole surface. */
  gutter: number;
  chatBarTextKey: string;
  /** Whether LINE shows the menu opened when a chat starts. */
  selected: boolean;
  defaultTab: TabId;
  defaultLanguage: Language;
  theme: RichMenuTheme;
  tabs: readonly TabDefinition[];
  items: Readonly<Record<ItemId, ItemDefinition>>;
}

// 春日市: greens after the city tree (クスノキ) with a warm accent; change here and the images follow.
const THEME: RichMenuTheme = {
  background: '#E3EEE6',
  tile: '#FFFFFF',
  text: '#1F2D25',
  caption: '#56645B',
  tabActive: '#1E7B4F',
  tabActiveText: '#FFFFFF',
  tabInactive: '#C9DDD0',
  tabInactiveText: '#2F4A3B',
  accent: '#F2A93B',
};

const item = (id: ItemId, icon: IconName, color: string): ItemDefinition => ({
  labelKey: `items.${id}.label`,
  captionKey: `items.${id}.caption`,
  icon,
  color,
});

export const RICH_MENU: RichMenuDefinition = {
  size: { width: 2500, height: 1686 },
  tabBarHeight: 250,
  gutter: 16,
  chatBarTextKey: 'chatBarText',
  selected: true,
  defaultTab: 'main',
  defaultLanguage: 'ja',
  theme: THEME,
  tabs: [
    {
      id: 'main',
      labelKey: 'tabs.main',
      rows: [
        ['gomi', 'reservations', 'childcare'],
        ['reports', 'disaster', 'faq'],
        ['help', 'contact', 'language'],
      ],
    },
    {
      id: 'mine',
      labelKey: 'tabs.mine',
      rows: [
        ['myReservations', 'myReports', 'myChildren'],
        ['help', 'contact', 'language'],
      ],
    },
  ],
  items: {
    gomi: item('gomi', 'trash', '#3C8C5A'),
    reservations: item('reservations', 'calendar', '#1E7B4F'),
    childcare: item('childcare', 'family', '#E0785A'),
    reports: item('reports', 'warning', '#D9962B'),
    disaster: item('disaster', 'shelter', '#C94C4C'),
    faq: item('faq', 'question', '#2F78B7'),
    language: item('language', 'globe', '#6A5BB5'),
    myReservations: item('myReservations', 'calendarCheck', '#1E7B4F'),
    myReports: item('myReports', 'pin', '#D9962B'),
    myChildren: item('myChildren', 'family', '#E0785A'),
    help: item('help', 'book', '#2F78B7'),
    contact: item('contact', 'envelope', '#3C8C8C'),
  },
};

/** The alias a tab button switches to, e.g. `main-ja-easy`. */
export function aliasIdFor(tab: TabId, lang: Language): string {
  return `${tab}-${lang}`;
}

export function isTabId(value: unknown): value is TabId {
  return typeof value === 'string' && (TAB_IDS as readonly string[]).includes(value);
}
