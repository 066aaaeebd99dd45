// Reservation services (the tax desk, consultations, classes) and their rules.
import type { Queryable } from '../../db/transact.ts';
import type { ReservationService } from './types.ts';

interface ServiceRow {
  id: string;
  name: ReservationService['name'];
  description: ReservationService['description'];
  what_to_bring: ReservationService['whatToBring'];
  place: ReservationService['place'];
  reception_starts_on: string | null;
  reception_ends_on: string | null;
  opens_days_ahead: number;
  cutoff_minutes: number;
  one_active_per_user: boolean;
  closed_dates: string[];
  active: boolean;
}

function toService(row: ServiceRow): ReservationService {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    whatToBring: row.what_to_bring,
    place: row.place,
    receptionStartsOn: row.reception_starts_on,
    receptionEndsOn: row.reception_ends_on,
    opensDaysAhead: row.opens_days_ahead,
    cutoffMinutes: row.cutoff_minutes,
    oneActivePerUser: row.one_active_per_user,
    closedDates: row.closed_dates,
    active: row.active,
  };
}

// Dates come back as 'YYYY-MM-DD' text: a date has no time zone to get wrong.
const COLUMNS = `id, name, description, what_to_bring, place, reception_starts_on::text, reception_ends_on::text,
  opens_days_ahead, cutoff_minutes, one_active_per_user, closed_dates::text[] AS closed_dates, active`;

export async function findService(db: Queryable, id: string): Promise<ReservationService | null> {
  const result = await db.query<ServiceRow>(`SELECT ${COLUMNS} FROM reservation_services WHERE id = $1`, [
    id,
  ]);
  return result.rows[0] ? toService(result.rows[0]) : null;
}

export async function listServices(db: Queryable, onlyActive = false): Promise<ReservationService[]> {
  const result = await db.query<ServiceRow>(
    `SELECT ${COLUMNS} FROM reservation_services WHERE ($1::boolean = false OR active) ORDER BY id`,
    [onlyActive],
  );
  return result.rows.map(toService);
}

export async function upsertService(db: Queryable, s: ReservationService): Promise<ReservationService> {
  const result = await db.query<ServiceRow>(
    `INSERT INTO reservation_services (id, name, description, what_to_bring, place, reception_starts_on,
        reception_ends_on, opens_days_ahead, cutoff_minutes, one_active_per_user, closed_dates, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date[], $12)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       what_to_bring = EXCLUDED.what_to_bring, place = EXCLUDED.place,
       reception_starts_on = EXCLUDED.reception_starts_on, reception_ends_on = EXCLUDED.reception_ends_on,
       opens_days_ahead = EXCLUDED.opens_days_ahead, cutoff_minutes = EXCLUDED.cutoff_minutes,
       one_active_per_user = EXCLUDED.one_active_per_user, closed_dates = EXCLUDED.closed_dates,
       active = EXCLUDED.active, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      s.id,
      JSON.stringify(s.name),
      JSON.stringify(s.description),
      JSON.stringify(s.whatToBring),
      JSON.stringify(s.place),
      s.receptionStartsOn,
      s.receptionEndsOn,
      s.opensDaysAhead,
      s.cutoffMinutes,
      s.oneActivePerUser,
      s.closedDates,
      s.active,
    ],
  );
  return toService(result.rows[0] as ServiceRow);
}
