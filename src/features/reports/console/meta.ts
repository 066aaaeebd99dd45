// The staff API's labelled values (GET /admin/meta), loaded once per page: labels in the console's language.
import { get } from '../../../../console/src/api.ts';
import { language } from '../../../../console/src/i18n.ts';

export interface EnumValue {
  id: string;
  labels: { ja: string; en: string };
  attributes?: Record<string, string | boolean | string[]>;
}
export type Meta = Map<string, EnumValue[]>;

let loading: Promise<Meta> | undefined;
export function loadMeta(): Promise<Meta> {
  loading ??= get<{ enums: { name: string; values: EnumValue[] }[] }>('/admin/meta').then(
    (answer) => new Map(answer.enums.map((e) => [e.name, e.values])),
  );
  return loading;
}

export function label(meta: Meta | undefined, name: string, id: string): string {
  const value = meta?.get(name)?.find((v) => v.id === id);
  return value ? value.labels[language()] : id;
}

/** A colour per status that also reads in grey (the marker's label says the status too). */
const PALETTE = ['#ce0000', '#b78f00', '#0031d8', '#197a4b', '#595959', '#7a2cb6', '#00838f'];
export function statusColour(meta: Meta | undefined, status: string): string {
  const index = meta?.get('reports.status')?.findIndex((v) => v.id === status) ?? -1;
  return PALETTE[Math.max(0, index) % PALETTE.length] ?? '#595959';
}
