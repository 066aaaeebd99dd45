// Labelled enums whose staff labels live in the `staff` locale files (reservation and segment statuses,
// roles…), so their Japanese and English wording is edited where every other text is.
import { t } from '../i18n/index.ts';
import { LabelledEnum } from './labelled-enum.ts';

/** `keyPrefix` names the table in staff.json, e.g. `reservationStatus` → staff:reservationStatus.<id>. */
export function enumFromLocales<T extends string>(
  name: string,
  noun: string,
  keyPrefix: string,
  ids: readonly T[],
): LabelledEnum<T> {
  return new LabelledEnum(
    name,
    noun,
    ids.map((id) => ({
      id,
      labels: { ja: t('ja', `staff:${keyPrefix}.${id}`), en: t('en', `staff:${keyPrefix}.${id}`) },
    })),
  );
}
