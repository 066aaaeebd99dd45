// The 防災 console strings (`bousai:` keys) and the status values the pages offer, in the API's order.
import { t } from '../../../../console/src/i18n.ts';

export const ns = (key: string, values?: Record<string, string | number>) => t(`bousai:${key}`, values);

export const SHELTER_STATUSES = ['unopened', 'open', 'crowded', 'full', 'closed'] as const;
export type ShelterStatus = (typeof SHELTER_STATUSES)[number];
