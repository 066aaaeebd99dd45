// The rules in rules.json (checked at load) and their evaluation against a parsed JMA document: which rules
// match for the city, with a one-line summary for staff. Only real (通常), issued or corrected documents count.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  type EarthquakeDocument,
  INTENSITIES,
  intensityRank,
  type JmaDocument,
  type WarningDocument,
} from './document.ts';

const base = {
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  action: z.enum(['enter', 'confirm']),
  summary: z.string().min(1).max(100),
};
const ruleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('earthquake'),
    scope: z.enum(['city', 'area']),
    minIntensity: z.enum(INTENSITIES as unknown as [string, ...string[]]),
  }),
  z.strictObject({ ...base, type: z.literal('warning'), names: z.array(z.string().min(1)).min(1) }),
]);
const fileSchema = z.object({
  warningAreaCodes: z.array(z.string().regex(/^\d{7}$/)).min(1),
  seismicCityCodes: z.array(z.string().regex(/^\d{7}$/)).min(1),
  seismicAreaCodes: z.array(z.string().regex(/^\d{3}$/)).min(1),
  rules: z
    .array(ruleSchema)
    .min(1)
    .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'rule ids must be unique'),
});

export type JmaRules = z.infer<typeof fileSchema>;
export type JmaRule = JmaRules['rules'][number];

export function loadJmaRules(file: URL = new URL('./rules.json', import.meta.url)): JmaRules {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file.pathname}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export interface RuleMatch {
  ruleId: string;
  action: 'enter' | 'confirm';
  summary: string;
  details: Record<string, unknown>;
}

function earthquakeMatch(
  rule: Extract<JmaRule, { type: 'earthquake' }>,
  doc: EarthquakeDocument,
  rules: JmaRules,
) {
  const places =
    rule.scope === 'city'
      ? doc.cities.filter((c) => rules.seismicCityCodes.includes(c.code))
      : doc.areas.filter((a) => rules.seismicAreaCodes.includes(a.code));
  const hit = places.find((p) => intensityRank(p.maxInt) >= intensityRank(rule.minIntensity));
  return hit
    ? { place: hit.name, maxInt: hit.maxInt, hypocenter: doc.hypocenter, magnitude: doc.magnitude }
    : null;
}

function warningMatch(rule: Extract<JmaRule, { type: 'warning' }>, doc: WarningDocument, rules: JmaRules) {
  for (const area of doc.areas) {
    if (!rules.warningAreaCodes.includes(area.code)) continue;
    // Only a newly issued warning: one continuing (継続) was matched when it was issued.
    const kinds = area.kinds.filter((k) => k.status === '発表' && rule.names.includes(k.name));
    if (kinds.length > 0) return { place: area.name, warnings: kinds.map((k) => k.name) };
  }
  return null;
}

/** The rules a document matches for the city; none for a drill (訓練), a test (試験) or a cancellation (取消). */
export function matchRules(doc: JmaDocument, rules: JmaRules): RuleMatch[] {
  if (doc.status !== '通常' || !['発表', '訂正'].includes(doc.infoType)) return [];
  const matches: RuleMatch[] = [];
  for (const rule of rules.rules) {
    const details =
      rule.type === 'earthquake' && doc.kind === 'earthquake'
        ? earthquakeMatch(rule, doc, rules)
        : rule.type === 'warning' && doc.kind === 'warning'
          ? warningMatch(rule, doc, rules)
          : null;
    if (details)
      matches.push({
        ruleId: rule.id,
        action: rule.action,
        summary: rule.summary,
        details: { ...details, reportDateTime: doc.reportDateTime, title: doc.title },
      });
  }
  // One decision per document: an 'enter' makes the weaker 'confirm' matches moot.
  return matches.some((m) => m.action === 'enter') ? matches.filter((m) => m.action === 'enter') : matches;
}
