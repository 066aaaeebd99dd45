// What residents do: send a report (category, 1–3 photos, a point inside the city, an optional comment),
// find an open report of the same damage nearby, and add "me too" to it.
import type { Queryable } from '../../db/transact.ts';
import type { GeoPolygon } from '../../geo/boundary.ts';
import { containsPoint } from '../../geo/boundary.ts';
import { findCategory, openStatuses, type ReportCatalog } from './catalog/catalog.ts';
import { ReportError } from './errors.ts';
import { isPhotoKey } from './photos/store.ts';
import { findReport } from './repository.ts';
import { MAX_COMMENT_LENGTH, MAX_PHOTOS, MIN_PHOTOS, NEARBY_RADIUS_M, type Report } from './types.ts';

export interface ReportContext {
  catalog: ReportCatalog;
  boundary: GeoPolygon;
  /** OPEN311_AUTO_PUBLISH: new reports are published at once instead of after staff review. */
  autoPublish?: boolean;
}

export interface NewReport {
  userId: string | null;
  category: string;
  lat: number;
  lon: number;
  address?: string | null;
  comment?: string | null;
  /** Keys of photos already in the photo store, in the order sent. */
  photoKeys: string[];
  /** Open311 clients send no photo through the platform: they may report with none (still at most 3). */
  photosOptional?: boolean;
}

function checkPosition(lat: number, lon: number): void {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new ReportError('INVALID_POSITION', 'the position is not a valid latitude/longitude');
  }
}

/** Checks everything before writing; run inside a transaction (an error leaves nothing written). */
export async function createReport(tx: Queryable, input: NewReport, ctx: ReportContext): Promise<Report> {
  const category = findCategory(ctx.catalog, input.category);
  if (!category?.active) throw new ReportError('UNKNOWN_CATEGORY', `no category "${input.category}"`);
  checkPosition(input.lat, input.lon);
  if (!containsPoint(ctx.boundary, input.lat, input.lon)) {
    throw new ReportError('OUTSIDE_CITY', 'the place is outside the city');
  }
  const minPhotos = input.photosOptional ? 0 : MIN_PHOTOS;
  if (input.photoKeys.length < minPhotos || input.photoKeys.length > MAX_PHOTOS) {
    throw new ReportError('PHOTO_COUNT', `a report needs ${minPhotos} to ${MAX_PHOTOS} photos`);
  }
  if (!input.photoKeys.every(isPhotoKey) || new Set(input.photoKeys).size !== input.photoKeys.length) {
    throw new ReportError('INVALID_PHOTO', 'photo keys must be distinct keys of the photo store');
  }
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT_LENGTH) {
    throw new ReportError('COMMENT_TOO_LONG', `the comment is longer than ${MAX_COMMENT_LENGTH} characters`);
  }
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO reports (category, department, status, lat, lon, address, comment, user_id, published,
                          published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 THEN now() END) RETURNING id::text AS id`,
    [
      category.id,
      category.department,
      ctx.catalog.initialStatus,
      input.lat,
      input.lon,
      input.address?.trim().slice(0, 500) || null,
      comment,
      input.userId,
      ctx.autoPublish === true,
    ],
  );
  const id = inserted.rows[0]?.id;
  if (!id) throw new Error('report insert returned no id');
  for (const key of input.photoKeys) {
    await tx.query(
      `INSERT INTO report_photos (report_id, photo_key, added_by_user, source) VALUES ($1, $2, $3, 'reporter')`,
      [id, key, input.userId],
    );
  }
  await tx.query(`INSERT INTO report_events (report_id, kind, to_status) VALUES ($1, 'created', $2)`, [
    id,
    ctx.catalog.initialStatus,
  ]);
  if (ctx.autoPublish) {
    await tx.query(
      `INSERT INTO report_events (report_id, kind, details) VALUES ($1, 'published', '{"auto":true}')`,
      [id],
    );
  }
  const report = await findReport(tx, id);
  if (!report) throw new Error('report vanished after insert');
  return report;
}

export interface NearbyReport {
  id: string;
  number: string;
  category: string;
  status: string;
  lat: number;
  lon: number;
  distanceM: number;
  supporterCount: number;
  /** A public photo to show the resident ("is this the one?"), if staff approved one. */
  publicPhotoKey: string | null;
  createdAt: Date;
}

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE_LAT = 111_320;

/**
 * Open, visible, unmerged reports of the category within `radiusM` metres, nearest first. The bounding box
 * (a little larger than the circle) lets the index do the work; the haversine then keeps the true circle.
 */
export async function findNearbyOpenReports(
  db: Queryable,
  catalog: ReportCatalog,
  query: { category: string; lat: number; lon: number; radiusM?: number; excludeUserId?: string },
): Promise<NearbyReport[]> {
  checkPosition(query.lat, query.lon);
  const radius = query.radiusM ?? NEARBY_RADIUS_M;
  const dLat = (radius / METRES_PER_DEGREE_LAT) * 1.01;
  const dLon = dLat / Math.max(Math.cos((query.lat * Math.PI) / 180), 0.01);
  const result = await db.query<{
    id: string;
    number: string;
    category: string;
    status: string;
    lat: number;
    lon: number;
    distance_m: number;
    supporter_count: number;
    public_photo_key: string | null;
    created_at: Date;
  }>(
    `SELECT * FROM (
        SELECT r.id::text AS id, r.number, r.category, r.status, r.lat, r.lon, r.created_at,
               2 * $9::float8 * asin(least(1, sqrt(
                 power(sin(radians(r.lat - $2) / 2), 2)
                 + cos(radians($2)) * cos(radians(r.lat)) * power(sin(radians(r.lon - $3) / 2), 2)))) AS distance_m,
               (SELECT count(*) FROM report_supporters s WHERE s.report_id = r.id)::int AS supporter_count,
               (SELECT p.photo_key FROM report_photos p WHERE p.report_id = r.id AND p.public
                 ORDER BY p.id LIMIT 1) AS public_photo_key
          FROM reports r
         WHERE r.category = $1 AND r.status = ANY($4::text[]) AND NOT r.hidden AND r.duplicate_of IS NULL
           AND r.lat BETWEEN $5 AND $6 AND r.lon BETWEEN $7 AND $8
           AND ($11::text IS NULL OR r.user_id IS DISTINCT FROM $11::text)
      ) near
      WHERE distance_m <= $10
      ORDER BY distance_m, id`,
    [
      query.category,
      query.lat,
      query.lon,
      openStatuses(catalog),
      query.lat - dLat,
      query.lat + dLat,
      query.lon - dLon,
      query.lon + dLon,
      EARTH_RADIUS_M,
      radius,
      query.excludeUserId ?? null,
    ],
  );
  return result.rows.map((r) => ({
    id: r.id,
    number: r.number,
    category: r.category,
    status: r.status,
    lat: Number(r.lat),
    lon: Number(r.lon),
    distanceM: Number(r.distance_m),
    supporterCount: r.supporter_count,
    publicPhotoKey: r.public_photo_key,
    createdAt: r.created_at,
  }));
}

/**
 * "Me too", with or without a photo. Idempotent per resident: a second tap (or a redelivered event) adds
 * nothing twice; a photo key already stored is not stored again.
 */
export async function addSupporter(
  tx: Queryable,
  catalog: ReportCatalog,
  input: { reportId: string; userId: string; photoKey?: string | null },
): Promise<{ added: boolean; photoAdded: boolean; supporterCount: number }> {
  const report = await tx.query<{
    status: string;
    user_id: string | null;
    hidden: boolean;
    duplicate_of: string | null;
  }>(
    'SELECT status, user_id, hidden, duplicate_of::text AS duplicate_of FROM reports WHERE id = $1 FOR UPDATE',
    [/^\d{1,18}$/.test(input.reportId) ? input.reportId : '0'],
  );
  const row = report.rows[0];
  if (!row) throw new ReportError('REPORT_NOT_FOUND', `report ${input.reportId} does not exist`);
  if (!openStatuses(catalog).includes(row.status) || row.hidden || row.duplicate_of) {
    throw new ReportError('REPORT_CLOSED', 'the report is no longer open');
  }
  if (row.user_id === input.userId) throw new ReportError('OWN_REPORT', 'this is your own report');
  if (input.photoKey != null && !isPhotoKey(input.photoKey)) {
    throw new ReportError('INVALID_PHOTO', 'not a key of the photo store');
  }
  const added = await tx.query(
    `INSERT INTO report_supporters (report_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [input.reportId, input.userId],
  );
  let photoAdded = false;
  if (input.photoKey) {
    // One photo per supporter and report keeps a popular report's gallery to what staff can look through.
    const photo = await tx.query(
      `INSERT INTO report_photos (report_id, photo_key, added_by_user, source)
       SELECT $1::bigint, $2::text, $3::text, 'supporter'
        WHERE NOT EXISTS (SELECT 1 FROM report_photos WHERE report_id = $1 AND added_by_user = $3 AND source = 'supporter')
       ON CONFLICT (photo_key) DO NOTHING`,
      [input.reportId, input.photoKey, input.userId],
    );
    photoAdded = photo.rowCount === 1;
  }
  if (added.rowCount === 1 || photoAdded) {
    await tx.query('UPDATE reports SET updated_at = now() WHERE id = $1', [input.reportId]);
  }
  const count = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM report_supporters WHERE report_id = $1',
    [input.reportId],
  );
  return { added: added.rowCount === 1, photoAdded, supporterCount: count.rows[0]?.n ?? 0 };
}
