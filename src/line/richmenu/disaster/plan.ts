// The disaster menus to deploy: per language the checked request, its image and its content-hashed name.
import type { messagingApi } from '@line/bot-sdk';
import type { Language } from '../../../i18n/languages.ts';
import { richMenuContentHash } from '../names.ts';
import {
  ALIAS_ID_PATTERN,
  checkRichMenuImage,
  checkRichMenuRequest,
  RichMenuRuleError,
} from '../validate.ts';
import {
  DISASTER_MENU,
  type DisasterMenuDefinition,
  disasterAliasId,
  disasterMenuName,
} from './definition.ts';
import { renderDisasterMenuImage } from './image.ts';
import { layoutDisasterMenu } from './layout.ts';
import { disasterMenuText } from './texts.ts';

export interface PlannedDisasterMenu {
  lang: Language;
  aliasId: string;
  name: string;
  request: messagingApi.RichMenuRequest;
  image: Buffer;
}

function buildRequest(lang: Language, d: DisasterMenuDefinition): messagingApi.RichMenuRequest {
  return {
    size: { ...d.size },
    selected: true,
    name: disasterAliasId(lang),
    chatBarText: disasterMenuText(lang, 'chatBarText'),
    areas: layoutDisasterMenu(d).map((area) => {
      const item = area.kind === 'header' ? d.headerItem : area.tile.item;
      const label = disasterMenuText(
        lang,
        area.kind === 'header' ? 'headerLabel' : `tiles.${area.tile.key}.label`,
      );
      return {
        bounds: { ...area.bounds },
        // The label doubles as what the resident "says" in the chat, as on the everyday menu.
        action: { type: 'postback', label, data: `action=menu&item=${item}`, displayText: label },
      };
    }),
  };
}

// Rendering takes ~0.1 s a language; the texts never change while the process lives.
const cache = new WeakMap<DisasterMenuDefinition, Map<Language, PlannedDisasterMenu>>();

/** Throws RichMenuRuleError before any call when something breaks LINE's rules. */
export function planDisasterMenus(
  languages: readonly Language[],
  d: DisasterMenuDefinition = DISASTER_MENU,
): PlannedDisasterMenu[] {
  const planned = cache.get(d) ?? new Map<Language, PlannedDisasterMenu>();
  cache.set(d, planned);
  return languages.map((lang) => {
    const known = planned.get(lang);
    if (known) return known;
    const image = renderDisasterMenuImage(lang, d);
    const base = buildRequest(lang, d);
    const name = disasterMenuName(lang, richMenuContentHash(base, image));
    const request = { ...base, name };
    const aliasId = disasterAliasId(lang);
    const violations = [
      ...checkRichMenuRequest(request),
      ...checkRichMenuImage(image, d.size),
      ...(ALIAS_ID_PATTERN.test(aliasId) ? [] : [`alias "${aliasId}" does not match ${ALIAS_ID_PATTERN}`]),
    ];
    if (violations.length > 0) throw new RichMenuRuleError(`rich menu ${name}`, violations);
    const menu = { lang, aliasId, name, request, image };
    planned.set(lang, menu);
    return menu;
  });
}
