// Test helper: validates values against LINE's Messaging API OpenAPI schemas (../shared/line-openapi/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { convertSchemas, type JsonObject } from './line-openapi-convert.ts';

export type OpenApiSpec = 'messaging-api' | 'webhook';

/** The specs live beside the repository (../shared/line-openapi), not inside it; LINE_OPENAPI_DIR overrides. */
export const openApiDir =
  process.env.LINE_OPENAPI_DIR ?? fileURLToPath(new URL('../../../shared/line-openapi/', import.meta.url));
const specPath = (spec: OpenApiSpec) => join(openApiDir, `${spec}.yml`);

export const openApiAvailable: boolean = existsSync(specPath('messaging-api'));
export const webhookOpenApiAvailable: boolean = existsSync(specPath('webhook'));
export const openApiSkipReason = `LINE OpenAPI spec not found in ${openApiDir}: OpenAPI validation skipped`;
// Tests guard with it.skipIf(!openApiAvailable); this says why once, so a skip is never silent.
if (!openApiAvailable) console.warn(openApiSkipReason);

// ajv-formats is CommonJS: under Node's ESM loader the default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;
const ajvs = new Map<OpenApiSpec, Ajv>();
const validators = new Map<string, ValidateFunction>();

function ajvFor(spec: OpenApiSpec): Ajv {
  const existing = ajvs.get(spec);
  if (existing) return existing;
  if (!existsSync(specPath(spec))) throw new Error(openApiSkipReason);
  const document = parse(readFileSync(specPath(spec), 'utf8')) as { components?: { schemas?: JsonObject } };
  const schemas = document.components?.schemas;
  if (!schemas) throw new Error(`${specPath(spec)} has no components.schemas`);
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictRequired: false, strictTuples: false });
  addFormats(ajv);
  ajv.addSchema({ $id: spec, $defs: convertSchemas(schemas) });
  ajvs.set(spec, ajv);
  return ajv;
}

/**
 * Every way `value` breaks the named component schema (e.g. 'Message', 'FlexMessage',
 * 'ReplyMessageRequest', 'RichMenuRequest'); an empty array means valid. Throws on an unknown name.
 */
export function validateOpenApi(
  schemaName: string,
  value: unknown,
  spec: OpenApiSpec = 'messaging-api',
): string[] {
  const key = `${spec}#${schemaName}`;
  let validate = validators.get(key);
  if (!validate) {
    const ajv = ajvFor(spec);
    const found = ajv.getSchema(`${spec}#/$defs/${schemaName}`);
    if (!found) throw new Error(`no schema ${schemaName} in ${spec}.yml`);
    validate = found;
    validators.set(key, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${params}`;
  });
}
