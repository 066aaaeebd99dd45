// The nearest shelters to a point: great-circle distance computed by the database over every shelter offered
// (a city has a few hundred), optionally only those designated for a hazard group (a 指定避難所 counts when its
// facility's 指定緊急避難場所 is designated), and during a disaster the open ones first.
import type { Queryable } from '../../../db/transact.ts';
import { HAZARD_GROUPS, type Hazard, type HazardGroup, type ShelterKind } from './gsi-format.ts';

export const SHELTER_STATUSES = ['unopened', 'open', 'crowded', 'full', 'closed'] as const;
export type ShelterStatus = (typeof SHELTER_STATUSES)[number];
/** The statuses a resident may go to now. */
export const ACCEPTING: readonly ShelterStatus[] = ['open', 'crowded'];

export interface Shelter {
  id: string;
  kind: ShelterKind;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  hazards: Hazard[];
  /** The hazards of its facility (its own, or those of the 指定緊急避難場所 of the same facility). */
  siteHazards: Hazard[];
  forCare: boolean;
  status: ShelterStatus;
}

export interface NearShelter extends Shelter {
  /** Metres along the great circle. */
  distance: number;
}

/** The mean Earth radius (IUGG), in metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Haversine distance in metres; the same formula the query uses (the tests check one against the other). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** 80 m a minute: the walking speed Japanese guides (and 不動産 listings) assume; rounded up. */
export function walkingMinutes(metres: number): number {
  return Math.max(1, Math.ceil(metres / 80));
}

export interface NearestQuery {
  latitude: number;
  longitude: number;
  group?: HazardGroup | undefined;
  /** Open shelters first (a disaster is open). */
  openFirst: boolean;
  limit: number;
}

interface ShelterRowOut {
  id: string;
  kind: ShelterKind;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  hazards: Hazard[];
  site_hazards: Hazard[] | null;
  for_care: boolean;
  status: ShelterStatus;
  distance: number;
}

export const SHELTER_COLUMNS = `s.id, s.kind, s.name, s.address, s.latitude, s.longitude, s.hazards, s.for_care,
  s.status,
  ARRAY(SELECT DISTINCT h FROM bousai_shelters t, unnest(t.hazards) h
         WHERE t.site = s.site AND NOT t.withdrawn ORDER BY h) AS site_hazards`;

export function shelterOf(row: Omit<ShelterRowOut, 'distance'>): Shelter {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    hazards: row.hazards,
    siteHazards: row.site_hazards ?? [],
    forCare: row.for_care,
    status: row.status,
  };
}

export async function nearestShelters(db: Queryable, query: NearestQuery): Promise<NearShelter[]> {
  const hazards = query.group ? [...HAZARD_GROUPS[query.group]] : null;
  // The distance over every shelter, then the facility's hazards for the few shown only.
  const { rows } = await db.query<ShelterRowOut>(
    `WITH designated AS (
       SELECT DISTINCT site FROM bousai_shelters WHERE NOT withdrawn AND hazards && $4::text[]
     ), near AS (
       SELECT s.id, s.site, s.status,
              2 * $3::double precision * asin(least(1, sqrt(
                power(sin(radians(s.latitude - $1::double precision) / 2), 2) +
                cos(radians($1::double precision)) * cos(radians(s.latitude)) *
                power(sin(radians(s.longitude - $2::double precision) / 2), 2)))) AS distance
         FROM bousai_shelters s
        WHERE NOT s.withdrawn AND ($4::text[] IS NULL OR s.site IN (SELECT site FROM designated))
        ORDER BY CASE WHEN $5::boolean AND s.status = ANY($6::text[]) THEN 0 ELSE 1 END, distance, s.id
        LIMIT $7
     )
     SELECT ${SHELTER_COLUMNS}, near.distance
       FROM near JOIN bousai_shelters s ON s.id = near.id
      ORDER BY CASE WHEN $5::boolean AND near.status = ANY($6::text[]) THEN 0 ELSE 1 END, near.distance, near.id`,
    [query.latitude, query.longitude, EARTH_RADIUS_M, hazards, query.openFirst, ACCEPTING, query.limit],
  );
  return rows.map((row) => ({ ...shelterOf(row), distance: Number(row.distance) }));
}
