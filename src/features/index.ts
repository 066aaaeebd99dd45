// Every feature of the platform, in the order their menu entries, routes and jobs are wired; a city switches any
// of them off with DISABLED_FEATURES. Adding a feature is adding its definition here.
import { bousaiFeature } from './bousai/feature.ts';
import { childcareFeature } from './childcare/index.ts';
import type { FeatureDefinition } from './contract.ts';
import { faqFeature } from './faq/index.ts';
import { gomiFeature } from './gomi/index.ts';
import { reportsFeature } from './reports/feature.ts';
import { reservationsFeature } from './reservations/feature.ts';

export const FEATURES: readonly FeatureDefinition[] = [
  reservationsFeature,
  reportsFeature,
  childcareFeature,
  bousaiFeature,
  gomiFeature,
  // Last: its answer to typed text is the catch-all (other features' own free-text answers come first).
  faqFeature,
];
