// Reads the translation files src/i18n/locales/<lang>/<namespace>.json once, for i18next and key checks.
import { readdirSync, readFileSync } from 'node:fs';
import { LANGUAGES, type Language } from './languages.ts';

export const LOCALES_DIR = new URL('./locales/', import.meta.url);
export const DEFAULT_NAMESPACE = 'common';

export type Namespaces = Record<string, Record<string, unknown>>;
export interface LoadedResources {
  resources: Record<Language, Namespaces>;
  namespaces: string[];
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every file of every language; a namespace present in any language is listed (the tests demand all). */
export function loadResources(dir: URL = LOCALES_DIR): LoadedResources {
  const namespaces = new Set<string>();
  const resources = {} as Record<Language, Namespaces>;
  for (const lang of LANGUAGES) {
    const tables: Namespaces = {};
    const files = readdirSync(new URL(`${lang}/`, dir)).filter((f) => f.endsWith('.json'));
    for (const file of files.sort()) {
      const ns = file.slice(0, -'.json'.length);
      const parsed: unknown = JSON.parse(readFileSync(new URL(`${lang}/${file}`, dir), 'utf8'));
      if (!isTable(parsed)) throw new Error(`locales/${lang}/${file} must hold a JSON object`);
      tables[ns] = parsed;
      namespaces.add(ns);
    }
    resources[lang] = tables;
  }
  return { resources, namespaces: [...namespaces].sort() };
}

let cached: LoadedResources | null = null;
export function getResources(): LoadedResources {
  cached ??= loadResources();
  return cached;
}

/** Leaves of a translation table under dotted keys; nested and flat ("a.b": …) spellings give the same key. */
export function flattenKeys(table: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(table)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTable(value)) for (const [k, v] of flattenKeys(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/** Splits "ns:key" (namespace optional, default common). */
export function splitKey(key: string): { ns: string; key: string } {
  const colon = key.indexOf(':');
  return colon < 0 ? { ns: DEFAULT_NAMESPACE, key } : { ns: key.slice(0, colon), key: key.slice(colon + 1) };
}

const flatTables = new Map<string, Map<string, unknown>>();

/** The raw value at `ns:key` in one language, without fallback. */
export function lookup(lang: Language, fullKey: string): unknown {
  const { ns, key } = splitKey(fullKey);
  const id = `${lang}/${ns}`;
  let flat = flatTables.get(id);
  if (!flat) {
    const table = getResources().resources[lang][ns];
    if (!table) return undefined;
    flat = flattenKeys(table);
    flatTables.set(id, flat);
  }
  return flat.get(key);
}
