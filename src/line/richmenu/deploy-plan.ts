// What the deploy wants to exist: for every (tab, language) the checked request, its image and its hashed name.
import type { messagingApi } from '@line/bot-sdk';
import type { Language } from '../../i18n/languages.ts';
import { aliasIdFor, type RichMenuDefinition, TAB_IDS, type TabId } from './definition.ts';
import { renderRichMenuImage } from './image.ts';
import { richMenuContentHash, richMenuName } from './names.ts';
import { buildRichMenuRequests } from './requests.ts';
import { ALIAS_ID_PATTERN, checkRichMenuImage, checkRichMenuRequest, RichMenuRuleError } from './validate.ts';

export interface PlannedMenu {
  tab: TabId;
  lang: Language;
  aliasId: string;
  /** `<tab>-<lang>-<hash8>`: the key that finds an already-deployed copy of exactly this design. */
  name: string;
  hash: string;
  request: messagingApi.RichMenuRequest;
  image: Buffer;
}

// Rendering is the slow part (~0.1 s an image) and deterministic; texts are loaded once per process, so the
// image of a (definition object, tab, language) never changes while the process lives. Definitions are
// treated as immutable: a changed design is a new object (as the tests build them), never an edit in place.
const imageCache = new WeakMap<RichMenuDefinition, Map<string, Buffer>>();

function imageFor(definition: RichMenuDefinition, tab: TabId, lang: Language): Buffer {
  const images = imageCache.get(definition) ?? new Map<string, Buffer>();
  imageCache.set(definition, images);
  const key = `${tab}/${lang}`;
  let image = images.get(key);
  if (!image) {
    image = renderRichMenuImage(tab, lang, definition);
    images.set(key, image);
  }
  return image;
}

export function planRichMenus(definition: RichMenuDefinition, languages: readonly Language[]): PlannedMenu[] {
  const plan: PlannedMenu[] = [];
  for (const lang of languages) {
    const requests = buildRichMenuRequests(lang, definition);
    for (const tab of TAB_IDS) {
      const image = imageFor(definition, tab, lang);
      const hash = richMenuContentHash(requests[tab], image);
      const name = richMenuName(tab, lang, hash);
      const request = { ...requests[tab], name };
      const aliasId = aliasIdFor(tab, lang);
      // Checked here, before any call: nothing LINE would reject leaves this process.
      const violations = [
        ...checkRichMenuRequest(request),
        ...checkRichMenuImage(image, definition.size),
        ...(ALIAS_ID_PATTERN.test(aliasId) ? [] : [`alias "${aliasId}" does not match ${ALIAS_ID_PATTERN}`]),
      ];
      if (violations.length > 0) throw new RichMenuRuleError(`rich menu ${name}`, violations);
      plan.push({ tab, lang, aliasId, name, hash, request, image });
    }
  }
  return plan;
}
