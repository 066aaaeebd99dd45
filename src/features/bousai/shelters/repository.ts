// Staff reads and status changes of the shelters (the resident's nearest-shelter query is ./nearest.ts).
import type { Queryable } from '../../../db/transact.ts';
import type { Hazard, ShelterKind } from './gsi-format.ts';
import type { ShelterStatus } from './nearest.ts';

export interface StaffShelter {
  id: string;
  name: string;
  kind: ShelterKind;
  address: string;
  latitude: number;
  longitude: number;
  hazards: Hazard[];
  forCare: boolean;
  status: ShelterStatus;
  statusChangedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  kind: ShelterKind;
  address: string;
  latitude: number;
  longitude: number;
  hazards: Hazard[];
  for_care: boolean;
  status: ShelterStatus;
  status_changed_at: Date | null;
}

const COLUMNS = 'id, name, kind, address, latitude, longitude, hazards, for_care, status, status_changed_at';

const shelterOf = (row: Row): StaffShelter => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  address: row.address,
  latitude: Number(row.latitude),
  longitude: Number(row.longitude),
  hazards: row.hazards,
  forCare: row.for_care,
  status: row.status,
  statusChangedAt: row.status_changed_at,
});

/** Shelters offered to residents, by 共通ID (paged after `afterId`). */
export async function listShelters(
  db: Queryable,
  filter: { statuses?: ShelterStatus[] | undefined; kind?: ShelterKind | undefined; q?: string | undefined },
  page: { limit: number; afterId?: string | undefined },
): Promise<StaffShelter[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM bousai_shelters
      WHERE NOT withdrawn
        AND ($1::text[] IS NULL OR status = ANY($1::text[]))
        AND ($2::text IS NULL OR kind = $2)
        AND ($3::text IS NULL OR strpos(name, $3) > 0 OR strpos(id, $3) > 0)
        AND ($4::text IS NULL OR id > $4)
      ORDER BY id LIMIT $5`,
    [
      filter.statuses?.length ? filter.statuses : null,
      filter.kind ?? null,
      filter.q?.trim() || null,
      page.afterId ?? null,
      page.limit,
    ],
  );
  return rows.map(shelterOf);
}

/** Sets a shelter's status; null for a shelter not offered (unknown or withdrawn). `previous` is for the audit. */
export async function setShelterStatus(
  db: Queryable,
  input: { id: string; status: ShelterStatus; at: Date; staffId: string | null },
): Promise<{ shelter: StaffShelter; previous: ShelterStatus } | null> {
  const { rows } = await db.query<Row & { previous: ShelterStatus }>(
    `UPDATE bousai_shelters s SET status = $2, status_changed_at = $3, status_changed_by = $4
       FROM (SELECT id, status AS previous FROM bousai_shelters WHERE id = $1 FOR UPDATE) old
      WHERE s.id = old.id AND NOT s.withdrawn
      RETURNING s.id, s.name, s.kind, s.address, s.latitude, s.longitude, s.hazards, s.for_care, s.status,
                s.status_changed_at, old.previous`,
    [input.id, input.status, input.at, input.staffId],
  );
  const row = rows[0];
  return row ? { shelter: shelterOf(row), previous: row.previous } : null;
}
