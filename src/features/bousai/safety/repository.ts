// 安否 reports in the database: one per resident and person reported on in a disaster (a new report updates
// it), the staff views (counts per shelter, the people who need help) and the deletion after the disaster.
import type { Queryable } from '../../../db/transact.ts';
import type { Need, SafetyReportInput, Situation } from './types.ts';

/** The key of the person reported on: '' for the resident's household, the folded name for a relative. */
export function subjectKey(name: string | null): string {
  return name === null ? '' : name.normalize('NFKC').replace(/\s+/g, '').toLowerCase().slice(0, 60);
}

export async function upsertReport(db: Queryable, input: SafetyReportInput, at: Date): Promise<boolean> {
  const { rows } = await db.query<{ inserted: boolean }>(
    `INSERT INTO bousai_safety_reports AS r
       (disaster_id, user_id, subject, proxy_name, proxy_address, proxy_phone, situation, shelter_id, people,
        needs, latitude, longitude, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     ON CONFLICT (disaster_id, user_id, subject) DO UPDATE SET
       proxy_name = EXCLUDED.proxy_name, proxy_address = EXCLUDED.proxy_address,
       proxy_phone = EXCLUDED.proxy_phone, situation = EXCLUDED.situation, shelter_id = EXCLUDED.shelter_id,
       people = EXCLUDED.people, needs = EXCLUDED.needs, latitude = EXCLUDED.latitude,
       longitude = EXCLUDED.longitude, updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS inserted`,
    [
      input.disasterId,
      input.userId,
      subjectKey(input.proxy?.name ?? null),
      input.proxy?.name ?? null,
      input.proxy?.address ?? null,
      input.proxy?.phone ?? null,
      input.situation,
      input.shelterId,
      input.people,
      input.needs,
      input.latitude,
      input.longitude,
      at,
    ],
  );
  return rows[0]?.inserted ?? false;
}

export interface ShelterCount {
  shelterId: string | null;
  shelterName: string | null;
  reports: number;
  people: number;
}

export interface SituationCount {
  situation: Situation;
  reports: number;
  people: number;
}

export async function countsOf(
  db: Queryable,
  disasterId: string,
): Promise<{ situations: SituationCount[]; shelters: ShelterCount[] }> {
  const situations = await db.query<{ situation: Situation; reports: string; people: string }>(
    `SELECT situation, count(*) AS reports, sum(people) AS people FROM bousai_safety_reports
      WHERE disaster_id = $1 GROUP BY situation ORDER BY situation`,
    [disasterId],
  );
  const shelters = await db.query<{
    shelter_id: string | null;
    name: string | null;
    reports: string;
    people: string;
  }>(
    `SELECT r.shelter_id, s.name, count(*) AS reports, sum(r.people) AS people
       FROM bousai_safety_reports r LEFT JOIN bousai_shelters s ON s.id = r.shelter_id
      WHERE r.disaster_id = $1 AND r.situation = 'at_shelter'
      GROUP BY r.shelter_id, s.name ORDER BY sum(r.people) DESC, r.shelter_id`,
    [disasterId],
  );
  return {
    situations: situations.rows.map((row) => ({
      situation: row.situation,
      reports: Number(row.reports),
      people: Number(row.people),
    })),
    shelters: shelters.rows.map((row) => ({
      shelterId: row.shelter_id,
      shelterName: row.name,
      reports: Number(row.reports),
      people: Number(row.people),
    })),
  };
}

export interface HelpRequest {
  id: string;
  userId: string;
  displayName: string | null;
  proxy: { name: string; address: string | null; phone: string | null } | null;
  people: number;
  needs: Need[];
  latitude: number | null;
  longitude: number | null;
  updatedAt: Date;
}

interface HelpRow {
  id: string;
  user_id: string;
  display_name: string | null;
  proxy_name: string | null;
  proxy_address: string | null;
  proxy_phone: string | null;
  people: number;
  needs: Need[];
  latitude: number | null;
  longitude: number | null;
  updated_at: Date;
}

/** The people who need help in a disaster, oldest report first (paged by id). */
export async function listHelpRequests(
  db: Queryable,
  disasterId: string,
  page: { limit: number; afterId?: string | undefined },
): Promise<HelpRequest[]> {
  const { rows } = await db.query<HelpRow>(
    `SELECT r.id, r.user_id, u.display_name, r.proxy_name, r.proxy_address, r.proxy_phone, r.people, r.needs,
            r.latitude, r.longitude, r.updated_at
       FROM bousai_safety_reports r LEFT JOIN line_users u ON u.user_id = r.user_id
      WHERE r.disaster_id = $1 AND r.situation = 'need_help' AND ($3::bigint IS NULL OR r.id > $3)
      ORDER BY r.id LIMIT $2`,
    [disasterId, page.limit, page.afterId ?? null],
  );
  return rows.map((row) => ({
    id: String(row.id),
    userId: row.user_id,
    displayName: row.display_name,
    proxy: row.proxy_name
      ? { name: row.proxy_name, address: row.proxy_address, phone: row.proxy_phone }
      : null,
    people: row.people,
    needs: row.needs,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    updatedAt: row.updated_at,
  }));
}
