// The national format of 国土地理院「指定緊急避難場所・指定避難所データ」: its column names, the hazard flag
// columns of a 指定緊急避難場所 file and the hazard each stands for, and the hazard groups residents choose from.

export const HAZARDS = [
  'flood',
  'landslide',
  'storm_surge',
  'earthquake',
  'tsunami',
  'fire',
  'inland_flood',
  'volcano',
] as const;
export type Hazard = (typeof HAZARDS)[number];

/** The flag column of each hazard, as the national files spell it. */
export const HAZARD_COLUMNS: Readonly<Record<Hazard, string>> = {
  flood: '洪水',
  landslide: '崖崩れ、土石流及び地滑り',
  storm_surge: '高潮',
  earthquake: '地震',
  tsunami: '津波',
  fire: '大規模な火事',
  inland_flood: '内水氾濫',
  volcano: '火山現象',
};

export const COLUMNS = {
  id: '共通ID',
  name: '施設・場所名',
  address: '住所',
  latitude: '緯度',
  longitude: '経度',
  target: '受入対象者',
  note: '備考',
  sameAsEvacuationSite: '指定緊急避難場所との住所同一',
  sameAsShelter: '指定避難所との住所同一',
} as const;

export type ShelterKind = 'evacuation_site' | 'shelter';

/** The choices a resident has: each shows the shelters designated for any of its hazards. */
export const HAZARD_GROUPS = {
  quake: ['earthquake'],
  rain: ['flood', 'inland_flood'],
  landslide: ['landslide'],
  fire: ['fire'],
} as const satisfies Record<string, readonly Hazard[]>;
export type HazardGroup = keyof typeof HAZARD_GROUPS;
export const HAZARD_GROUP_IDS = Object.keys(HAZARD_GROUPS) as HazardGroup[];

export function isHazardGroup(value: string | undefined): value is HazardGroup {
  return value !== undefined && Object.hasOwn(HAZARD_GROUPS, value);
}

/**
 * The facility a row belongs to: a national 共通ID is E + municipality code + facility number + a 3-digit
 * suffix (1x1: 指定避難所, 201: 指定緊急避難場所), so rows that differ only in the suffix are one place (a
 * school and its grounds). Another spelling of id stands alone.
 */
export function siteOf(id: string): string {
  return /^[A-Z][0-9]{13}$/.test(id) ? id.slice(0, 11) : id;
}
