// Fills {{t:key}} and {{name}} placeholders inside the string values of a parsed Flex tree.
import { t } from '../i18n/index.ts';
import type { Language } from '../i18n/languages.ts';

export type TemplateData = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TRANSLATION = /^t:((?:[A-Za-z0-9_-]+:)?[A-Za-z0-9_.-]+)$/;

export class FlexTemplateError extends Error {
  readonly code = 'FLEX_TEMPLATE';
}

/** Throws if a template string holds anything that looks like a placeholder but is not a valid one. */
export function checkPlaceholders(text: string, where: string): void {
  for (const match of text.matchAll(PLACEHOLDER)) {
    const inner = match[1] ?? '';
    if (!VARIABLE.test(inner) && !TRANSLATION.test(inner)) {
      throw new FlexTemplateError(`${where}: malformed placeholder ${match[0]}`);
    }
  }
  if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER, ''))) {
    throw new FlexTemplateError(`${where}: unbalanced {{ }} in ${JSON.stringify(text)}`);
  }
}

/** Variable names ({{name}}) a template uses, for callers and tests. */
export function templateVariables(tree: unknown): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const m of node.matchAll(PLACEHOLDER)) if (m[1] && VARIABLE.test(m[1])) names.add(m[1]);
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) Object.values(node).forEach(walk);
  };
  walk(tree);
  return [...names].sort();
}

function fillString(text: string, lang: Language, data: TemplateData, where: string): string {
  checkPlaceholders(text, where);
  // One pass: inserted values are never scanned again, so data cannot smuggle in placeholders.
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    const translation = TRANSLATION.exec(inner);
    if (translation?.[1]) return t(lang, translation[1], { ...data });
    const value = data[inner];
    if (value === undefined) throw new FlexTemplateError(`${where}: no value for ${whole}`);
    return String(value);
  });
}

/**
 * A filled deep copy of `tree`. Works on parsed JSON, never on JSON text, so a value such as `"}`
 * stays inside its string; the cached template is never modified.
 */
export function fillTemplate(tree: unknown, lang: Language, data: TemplateData = {}, where = '$'): unknown {
  if (typeof tree === 'string') return fillString(tree, lang, data, where);
  if (Array.isArray(tree)) return tree.map((item, i) => fillTemplate(item, lang, data, `${where}[${i}]`));
  if (typeof tree === 'object' && tree !== null) {
    return Object.fromEntries(
      Object.entries(tree).map(([key, value]) => [key, fillTemplate(value, lang, data, `${where}.${key}`)]),
    );
  }
  return tree;
}
