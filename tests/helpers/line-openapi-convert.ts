// Turns OpenAPI 3.0 component schemas into JSON Schema $defs that ajv can validate with (test-only).

export type JsonObject = { [key: string]: unknown };

const REF_PREFIX = '#/components/schemas/';
const DEF_PREFIX = '#/$defs/';
// OpenAPI annotations with no validation meaning; ajv's strict mode would reject them as unknown keywords.
const DROPPED = new Set(['externalDocs', 'example', 'discriminator', 'nullable', 'xml', 'deprecated']);

interface Discriminator {
  propertyName: string;
  mapping: Record<string, string>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const defName = (ref: string) => ref.slice(REF_PREFIX.length);
export const baseName = (name: string) => `${name}__base`;

/** Rewrites one schema tree: $ref targets, `nullable`, regex-valued `format`, annotations dropped. */
function convertNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertNode);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties' && isObject(value)) {
      // Property names are data, not keywords: convert each property's schema, keep every name.
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertNode(v)]));
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out.$ref = DEF_PREFIX + defName(value);
    } else if (key === 'format' && typeof value === 'string' && value.startsWith('^')) {
      // The spec once writes a regular expression where `pattern` was meant.
      out.pattern = value;
    } else {
      out[key] = convertNode(value);
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function discriminatorOf(schema: unknown): Discriminator | undefined {
  if (!isObject(schema) || !isObject(schema.discriminator)) return undefined;
  const { propertyName, mapping } = schema.discriminator;
  if (typeof propertyName !== 'string' || !isObject(mapping)) return undefined;
  const entries = Object.entries(mapping).filter((e): e is [string, string] => typeof e[1] === 'string');
  return { propertyName, mapping: Object.fromEntries(entries.map(([k, ref]) => [k, defName(ref)])) };
}

/**
 * Converts `components.schemas` into `$defs`. A discriminated base B becomes a dispatcher (its own
 * properties in `B__base`, then if type === key then $ref target, for each mapping entry, and unknown keys
 * rejected); the subtypes' `allOf: [$ref B]` is pointed at `B__base` so the dispatch does not loop.
 */
export function convertSchemas(schemas: JsonObject): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const discriminators = new Map<string, Discriminator>();
  for (const [name, schema] of Object.entries(schemas)) {
    defs[name] = convertNode(schema);
    const d = discriminatorOf(schema);
    if (d) discriminators.set(name, d);
  }
  for (const [base, d] of discriminators) {
    for (const target of Object.values(d.mapping)) {
      const schema = defs[target];
      if (!isObject(schema) || !Array.isArray(schema.allOf)) continue;
      schema.allOf = schema.allOf.map((part) =>
        isObject(part) && part.$ref === DEF_PREFIX + base
          ? { ...part, $ref: DEF_PREFIX + baseName(base) }
          : part,
      );
    }
  }
  for (const [base, d] of discriminators) {
    const prop = d.propertyName;
    defs[baseName(base)] = defs[base];
    defs[base] = {
      allOf: [
        { $ref: DEF_PREFIX + baseName(base) },
        { required: [prop], properties: { [prop]: { enum: Object.keys(d.mapping) } } },
        ...Object.entries(d.mapping).map(([key, target]) => ({
          if: { required: [prop], properties: { [prop]: { const: key } } },
          // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable
          then: { $ref: DEF_PREFIX + target },
        })),
      ],
    };
  }
  return defs;
}
