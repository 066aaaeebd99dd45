// The consent a parent gives before anything about their children is stored. The wording is versioned: the
// texts live in i18n under childcareChildren:consent.versions.<version>, and changing what they say means a
// new version here and there, so parents who agreed to an older one are asked again before adding or changing.
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { RAW_DATA_MAX_RETENTION_DAYS } from '../../../privacy/index.ts';
import type { Parent } from './repository.ts';

// 2026-12-03: the deletion part states how long the chat's raw record keeps its content (src/privacy/).
export const CONSENT_VERSION = '2026-12-03';

export interface ConsentWording {
  title: string;
  stored: string;
  purpose: string;
  deletion: string;
  staff: string;
}

export function consentWording(lang: Language, version: string = CONSENT_VERSION): ConsentWording {
  // The cap, not the configured days: what parents agreed to stays true whatever RAW_DATA_RETENTION_DAYS says.
  const part = (name: keyof ConsentWording) =>
    t(lang, `childcareChildren:consent.versions.${version}.${name}`, {
      rawDays: RAW_DATA_MAX_RETENTION_DAYS,
    });
  return {
    title: part('title'),
    stored: part('stored'),
    purpose: part('purpose'),
    deletion: part('deletion'),
    staff: part('staff'),
  };
}

/** Whether this parent agreed to the wording now in force. */
export function hasCurrentConsent(parent: Parent | null, version: string = CONSENT_VERSION): boolean {
  return parent !== null && parent.consentVersion === version;
}
