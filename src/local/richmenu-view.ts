// What the simulated phone shows as rich menu: the menu linked to the user, else the default — and, after a
// richmenuswitch tap, the alias's menu, as LINE's app does. A tab switch happens in the app only (the user's
// linked menu on the server stays as it was), so it is kept here and dropped once the bot links another menu.
import type { LineEmulator, StoredRichMenu } from '../line/emulator/index.ts';

export interface RichMenuArea {
  bounds: { x: number; y: number; width: number; height: number };
  action: Record<string, unknown>;
}

export interface RichMenuView {
  richMenuId: string;
  size: { width: number; height: number };
  chatBarText: string;
  selected: boolean;
  areas: RichMenuArea[];
  imageUrl: string;
}

/** The status LINE puts in the switch postback's params. */
export type SwitchStatus = 'SUCCESS' | 'RICHMENU_ALIAS_ID_NOTFOUND' | 'RICHMENU_NOTFOUND';

interface SwitchedTab {
  richMenuId: string;
  /** The linked-or-default menu the user switched away from. */
  from: string;
}

export function richMenuImagePath(richMenuId: string): string {
  return `/simulator/api/richmenus/${encodeURIComponent(richMenuId)}/image`;
}

function viewOf(menu: StoredRichMenu): RichMenuView {
  return {
    richMenuId: menu.richMenuId,
    size: { ...menu.size },
    chatBarText: menu.chatBarText,
    selected: menu.selected,
    areas: structuredClone(menu.areas) as RichMenuArea[],
    imageUrl: richMenuImagePath(menu.richMenuId),
  };
}

export class RichMenuScreens {
  private readonly emulator: LineEmulator;
  private readonly switched = new Map<string, SwitchedTab>();

  constructor(emulator: LineEmulator) {
    this.emulator = emulator;
  }

  /** The menu LINE's server gives this user: their linked menu, else the default. */
  private assigned(userId: string): string | null {
    return this.emulator.userRichMenus.get(userId) ?? this.emulator.defaultRichMenuId;
  }

  private shownId(userId: string): string | null {
    const assigned = this.assigned(userId);
    const tab = this.switched.get(userId);
    // Linking a menu (e.g. after a language change) replaces whatever tab the app showed.
    if (tab && tab.from === assigned && this.emulator.richMenus.has(tab.richMenuId)) return tab.richMenuId;
    return assigned;
  }

  /** What the user sees now, or null when they have no rich menu at all. */
  view(userId: string): RichMenuView | null {
    const id = this.shownId(userId);
    const menu = id ? this.emulator.richMenus.get(id) : undefined;
    return menu ? viewOf(menu) : null;
  }

  /** Shows the alias's menu to the user, as the app does on a richmenuswitch tap. */
  switchTo(userId: string, richMenuAliasId: string): SwitchStatus {
    const target = this.emulator.aliases.get(richMenuAliasId);
    if (!target) return 'RICHMENU_ALIAS_ID_NOTFOUND';
    if (!this.emulator.richMenus.get(target)?.image) return 'RICHMENU_NOTFOUND';
    const from = this.assigned(userId);
    if (from === null) return 'RICHMENU_NOTFOUND';
    this.switched.set(userId, { richMenuId: target, from });
    return 'SUCCESS';
  }

  image(richMenuId: string): { data: Buffer; contentType: string } | null {
    return this.emulator.richMenus.get(richMenuId)?.image ?? null;
  }
}
