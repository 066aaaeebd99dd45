// Loads the Flex templates in flex-templates/ once; each is a bubble or carousel pasteable into LINE's simulator.
import { readdirSync, readFileSync } from 'node:fs';
import { FlexTemplateError } from './fill.ts';

// Relative to this file, so the server finds its templates whatever directory it is started from.
export const TEMPLATES_DIR = new URL('../../flex-templates/', import.meta.url);

export interface FlexTemplate {
  name: string;
  tree: Readonly<Record<string, unknown>>;
}

let cache: Map<string, FlexTemplate> | null = null;

function loadAll(): Map<string, FlexTemplate> {
  const templates = new Map<string, FlexTemplate>();
  for (const file of readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json'))) {
    const name = file.slice(0, -'.json'.length);
    let tree: unknown;
    try {
      tree = JSON.parse(readFileSync(new URL(file, TEMPLATES_DIR), 'utf8'));
    } catch (error) {
      throw new FlexTemplateError(`flex-templates/${file}: ${(error as Error).message}`);
    }
    if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
      throw new FlexTemplateError(`flex-templates/${file}: must be a Flex bubble or carousel object`);
    }
    const type = (tree as Record<string, unknown>).type;
    if (type !== 'bubble' && type !== 'carousel') {
      throw new FlexTemplateError(`flex-templates/${file}: type must be "bubble" or "carousel"`);
    }
    templates.set(name, { name, tree: Object.freeze(tree as Record<string, unknown>) });
  }
  return templates;
}

export function templateNames(): string[] {
  cache ??= loadAll();
  return [...cache.keys()].sort();
}

export function getTemplate(name: string): FlexTemplate {
  cache ??= loadAll();
  const template = cache.get(name);
  if (!template) throw new FlexTemplateError(`no Flex template "${name}" in flex-templates/`);
  return template;
}
