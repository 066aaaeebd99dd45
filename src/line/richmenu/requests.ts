// Builds the LINE rich menu requests (areas, actions, chat bar text) of one language from the menu data.
import type { messagingApi } from '@line/bot-sdk';
import type { Language } from '../../i18n/languages.ts';
import { aliasIdFor, type ItemId, RICH_MENU, type RichMenuDefinition, type TabId } from './definition.ts';
import { richMenuText } from './labels.ts';
import { type LayoutArea, layoutTab } from './layout.ts';

export type RichMenuRequests = Record<TabId, messagingApi.RichMenuRequest>;

/** Postback data a feature tile sends; the webhook's postback router parses it. */
export function menuPostbackData(item: ItemId): string {
  return `action=menu&item=${item}`;
}

export function tabPostbackData(tab: TabId): string {
  return `action=tab&tab=${tab}`;
}

function areaAction(area: LayoutArea, lang: Language, definition: RichMenuDefinition): messagingApi.Action {
  const { target } = area;
  if (target.kind === 'tab') {
    return {
      type: 'richmenuswitch',
      label: richMenuText(lang, target.labelKey),
      richMenuAliasId: aliasIdFor(target.tab, lang),
      data: tabPostbackData(target.tab),
    };
  }
  const label = richMenuText(lang, definition.items[target.item].labelKey);
  // The label doubles as what the resident "says" in the chat, so the conversation reads in their language.
  return { type: 'postback', label, data: menuPostbackData(target.item), displayText: label };
}

/**
 * The requests for every tab in `lang`. `name` is the alias id (`main-ja`); the deploy appends a content
 * hash so that a changed design becomes a new menu.
 */
export function buildRichMenuRequests(
  lang: Language,
  definition: RichMenuDefinition = RICH_MENU,
): RichMenuRequests {
  const build = (tab: TabId): messagingApi.RichMenuRequest => {
    const tabDefinition = definition.tabs.find((candidate) => candidate.id === tab);
    if (!tabDefinition) throw new Error(`rich menu tab "${tab}" is not defined`);
    return {
      size: { width: definition.size.width, height: definition.size.height },
      selected: definition.selected,
      name: aliasIdFor(tab, lang),
      chatBarText: richMenuText(lang, definition.chatBarTextKey),
      areas: layoutTab(definition, tabDefinition).map((area) => ({
        bounds: { ...area.bounds },
        action: areaAction(area, lang, definition),
      })),
    };
  };
  return { main: build('main'), mine: build('mine') };
}
