// XML reading for JMA documents: namespaces dropped (JMA's element names are unique within a document kind),
// every element that may repeat read as a list, no entities or DTDs expanded (the feed is from the network).
import { XMLParser } from 'fast-xml-parser';

const REPEATED = new Set([
  'entry',
  'link',
  'Item',
  'Kind',
  'Area',
  'Warning',
  'Information',
  'Pref',
  'City',
  'IntensityStation',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => REPEATED.has(name),
});

export type XmlNode = Record<string, unknown>;

export class JmaXmlError extends Error {
  readonly code = 'JMA_XML';
}

/** Parses a document; refuses DTDs (entity expansion) outright. */
export function parseXml(text: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new JmaXmlError('DTDs and entities are not accepted');
  try {
    return parser.parse(text) as XmlNode;
  } catch (error) {
    throw new JmaXmlError(`not well-formed XML: ${(error as Error).message}`);
  }
}

export function child(node: unknown, name: string): XmlNode | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[name];
  if (Array.isArray(value)) return (value[0] as XmlNode | undefined) ?? undefined;
  return typeof value === 'object' && value !== null ? (value as XmlNode) : undefined;
}

export function children(node: unknown, name: string): XmlNode[] {
  if (typeof node !== 'object' || node === null) return [];
  const value = (node as XmlNode)[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is XmlNode => typeof v === 'object' && v !== null,
  );
}

/** The text of a child element (an element with attributes keeps its text under '#text'). */
export function text(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as XmlNode)['#text'] === 'string') {
    return (first as XmlNode)['#text'] as string;
  }
  return undefined;
}
