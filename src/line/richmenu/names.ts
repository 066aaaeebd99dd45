// Content-addressed menu names (`<tab>-<lang>-<hash8>`): the same design always maps to the same LINE menu.
import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';
import { TAB_IDS, type TabId } from './definition.ts';

export const HASH_LENGTH = 8;

// Key order must not change the hash: an equal request always serialises to the same text.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** First 8 hex digits of SHA-256 over the request (its name aside) and the image bytes. */
export function richMenuContentHash(request: messagingApi.RichMenuRequest, image: Buffer): string {
  const { name: _name, ...rest } = request;
  return createHash('sha256')
    .update(canonicalJson(rest))
    .update('\n')
    .update(image)
    .digest('hex')
    .slice(0, HASH_LENGTH);
}

export function richMenuName(tab: TabId, lang: Language, hash: string): string {
  return `${tab}-${lang}-${hash}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest languages first so `ja-easy` is never read as `ja` with a stray suffix.
const LANGUAGE_ALTERNATIVES = [...LANGUAGES].sort((a, b) => b.length - a.length).map(escapeRegExp);
const NAME_PATTERN = new RegExp(
  `^(${TAB_IDS.map(escapeRegExp).join('|')})-(${LANGUAGE_ALTERNATIVES.join('|')})-([0-9a-f]{${HASH_LENGTH}})$`,
);

/** The parts of a name this deploy made, or null for any other menu (which the deploy never touches). */
export function parseRichMenuName(name: string): { tab: TabId; lang: Language; hash: string } | null {
  const match = NAME_PATTERN.exec(name);
  if (!match) return null;
  return { tab: match[1] as TabId, lang: match[2] as Language, hash: match[3] as string };
}
