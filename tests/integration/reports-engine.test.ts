// The damage-report engine against a real database: creating inside/outside the city, photo limits, nearby
// duplicates, me too, the status workflow and who is told, merging, hiding/redaction, publishing (by staff or
// automatically), the staff list filters.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transact.ts';
import {
  addNote,
  addSupporter,
  assignDepartment,
  changeStatus,
  createReport,
  findNearbyOpenReports,
  findReport,
  listReportEvents,
  listReports,
  listUserReports,
  loadReportCatalog,
  mergeDuplicate,
  type NewReport,
  type ReportCatalog,
  type ReportContext,
  redactComment,
  setHidden,
  setPhotoPublic,
  setPublished,
  toCsv,
  toGeoJSON,
  toOpen311Requests,
} from '../../src/features/reports/index.ts';
import { newPhotoKey } from '../../src/features/reports/photos/store.ts';
import { type GeoPolygon, loadCityBoundary } from '../../src/geo/boundary.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let pool: pg.Pool;
let catalog: ReportCatalog;
let boundary: GeoPolygon;
let ctx: ReportContext;
let staffId: string;

const INSIDE = { lat: 33.5282, lon: 130.4703 };
const OUTSIDE = { lat: 33.5902, lon: 130.4017 };
const M_PER_DEG_LAT = 111_320;
/** A point `metres` north of `p`. */
const north = (p: { lat: number; lon: number }, metres: number) => ({
  lat: p.lat + metres / M_PER_DEG_LAT,
  lon: p.lon,
});
/** A point `metres` east of `p`. */
const east = (p: { lat: number; lon: number }, metres: number) => ({
  lat: p.lat,
  lon: p.lon + metres / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180)),
});

async function user(language = 'ja'): Promise<string> {
  const userId = h.newUser('Resident');
  await pool.query('INSERT INTO line_users (user_id, language) VALUES ($1, $2)', [userId, language]);
  return userId;
}

function create(input: Partial<NewReport> & { userId: string | null }) {
  return transact(pool, (tx) =>
    createReport(
      tx,
      { category: 'road', ...INSIDE, photoKeys: [newPhotoKey()], comment: null, ...input },
      ctx,
    ),
  );
}

beforeAll(async () => {
  h = await startHarness();
  pool = h.app.pg.pool;
  catalog = loadReportCatalog();
  boundary = await loadCityBoundary();
  ctx = { catalog, boundary };
  const staff = await pool.query<{ id: string }>(
    `INSERT INTO staff (name) VALUES ('職員') RETURNING id::text AS id`,
  );
  staffId = staff.rows[0]?.id as string;
});
afterAll(async () => {
  await h?.close();
});

describe('creating a report', () => {
  it('stores a report inside the city with its photos, department and initial status', async () => {
    const userId = await user();
    const keys = [newPhotoKey(), newPhotoKey()];
    const report = await create({
      userId,
      photoKeys: keys,
      comment: ' 穴があります ',
      address: '春日市原町',
    });
    expect(report.number).toMatch(/^R\d{6}$/);
    expect(report).toMatchObject({
      category: 'road',
      department: 'road',
      status: 'received',
      userId,
      comment: '穴があります',
      publicComment: null,
      hidden: false,
      supporterCount: 0,
    });
    expect(report.photos.map((p) => p.key)).toEqual(keys);
    expect(report.photos.every((p) => p.source === 'reporter' && !p.public)).toBe(true);
    expect((await listReportEvents(pool, report.id)).map((e) => e.kind)).toEqual(['created']);
  });

  it('refuses a place outside the city, an unknown category and bad photo counts, writing nothing', async () => {
    const userId = await user();
    const before = (await listReports(pool)).total;
    await expect(create({ userId, ...OUTSIDE })).rejects.toMatchObject({
      reportCode: 'OUTSIDE_CITY',
      statusCode: 422,
    });
    await expect(create({ userId, category: 'nope' })).rejects.toMatchObject({
      reportCode: 'UNKNOWN_CATEGORY',
    });
    await expect(create({ userId, photoKeys: [] })).rejects.toMatchObject({
      reportCode: 'PHOTO_COUNT',
      statusCode: 400,
    });
    await expect(
      create({ userId, photoKeys: [newPhotoKey(), newPhotoKey(), newPhotoKey(), newPhotoKey()] }),
    ).rejects.toMatchObject({ reportCode: 'PHOTO_COUNT' });
    await expect(create({ userId, photoKeys: ['../etc/passwd'] })).rejects.toMatchObject({
      reportCode: 'INVALID_PHOTO',
    });
    const key = newPhotoKey();
    await expect(create({ userId, photoKeys: [key, key] })).rejects.toMatchObject({
      reportCode: 'INVALID_PHOTO',
    });
    await expect(create({ userId, lat: Number.NaN })).rejects.toMatchObject({
      reportCode: 'INVALID_POSITION',
    });
    const three = await create({ userId, photoKeys: [newPhotoKey(), newPhotoKey(), newPhotoKey()] });
    expect(three.photos).toHaveLength(3);
    expect((await listReports(pool)).total).toBe(before + 1);
  });
});

describe('nearby duplicates and me too', () => {
  const here = east(INSIDE, -400);

  it('finds an open report of the same category within 50 m, not at 80 m, another category or closed', async () => {
    const reporter = await user();
    const near = await create({ userId: reporter, ...north(here, 30) });
    const far = await create({ userId: reporter, ...north(here, 80) });
    const otherCategory = await create({ userId: reporter, ...east(here, 10), category: 'streetlight' });
    const closed = await create({ userId: reporter, ...east(here, -20) });
    await transact(pool, (tx) => changeStatus(tx, catalog, { reportId: closed.id, to: 'done', staffId }));
    const hidden = await create({ userId: reporter, ...east(here, 15) });
    await transact(pool, (tx) => setHidden(tx, { reportId: hidden.id, hidden: true, staffId }));

    const found = await findNearbyOpenReports(pool, catalog, { category: 'road', ...here });
    expect(found.map((r) => r.id)).toEqual([near.id]);
    expect(found[0]?.distanceM).toBeGreaterThan(29);
    expect(found[0]?.distanceM).toBeLessThan(31);
    const wider = await findNearbyOpenReports(pool, catalog, { category: 'road', ...here, radiusM: 100 });
    expect(wider.map((r) => r.id)).toEqual([near.id, far.id]);
    const lights = await findNearbyOpenReports(pool, catalog, { category: 'streetlight', ...here });
    expect(lights.map((r) => r.id)).toEqual([otherCategory.id]);
    const own = await findNearbyOpenReports(pool, catalog, {
      category: 'road',
      ...here,
      excludeUserId: reporter,
    });
    expect(own).toEqual([]);
  });

  it('adds me too once per resident, with an optional photo, and refuses one’s own or a closed report', async () => {
    const reporter = await user();
    const report = await create({ userId: reporter, ...east(INSIDE, -800) });
    const neighbour = await user('en');
    const key = newPhotoKey();
    const first = await transact(pool, (tx) =>
      addSupporter(tx, catalog, { reportId: report.id, userId: neighbour, photoKey: key }),
    );
    expect(first).toEqual({ added: true, photoAdded: true, supporterCount: 1 });
    const again = await transact(pool, (tx) =>
      addSupporter(tx, catalog, { reportId: report.id, userId: neighbour, photoKey: key }),
    );
    expect(again).toEqual({ added: false, photoAdded: false, supporterCount: 1 });
    const other = await user();
    expect(
      await transact(pool, (tx) => addSupporter(tx, catalog, { reportId: report.id, userId: other })),
    ).toEqual({ added: true, photoAdded: false, supporterCount: 2 });
    const stored = await findReport(pool, report.id);
    expect(stored?.photos.map((p) => [p.key, p.source])).toContainEqual([key, 'supporter']);
    expect(stored?.supporterCount).toBe(2);

    await expect(
      transact(pool, (tx) => addSupporter(tx, catalog, { reportId: report.id, userId: reporter })),
    ).rejects.toMatchObject({ reportCode: 'OWN_REPORT', statusCode: 409 });
    await expect(
      transact(pool, (tx) => addSupporter(tx, catalog, { reportId: '999999', userId: other })),
    ).rejects.toMatchObject({ reportCode: 'REPORT_NOT_FOUND', statusCode: 404 });
    await transact(pool, (tx) =>
      changeStatus(tx, catalog, { reportId: report.id, to: 'rejected', reason: '私有地のため', staffId }),
    );
    const late = await user();
    await expect(
      transact(pool, (tx) => addSupporter(tx, catalog, { reportId: report.id, userId: late })),
    ).rejects.toMatchObject({ reportCode: 'REPORT_CLOSED' });
  });
});

describe('status workflow', () => {
  it('follows the allowed transitions, needs reasons where required, and lists who to tell', async () => {
    const reporter = await user('ja-easy');
    const report = await create({ userId: reporter, ...east(INSIDE, 300) });
    const supporter = await user('en');
    const gone = await user();
    await transact(pool, (tx) => addSupporter(tx, catalog, { reportId: report.id, userId: supporter }));
    await transact(pool, (tx) => addSupporter(tx, catalog, { reportId: report.id, userId: gone }));
    await pool.query('UPDATE line_users SET followed = false WHERE user_id = $1', [gone]);

    const started = await transact(pool, (tx) =>
      changeStatus(tx, catalog, { reportId: report.id, to: 'in_progress', staffId }),
    );
    expect(started).toMatchObject({ from: 'received', to: 'in_progress', reason: null });
    // Blocked residents cannot be pushed to: only followers are listed, the reporter first.
    expect(started.notify).toEqual([
      { userId: reporter, language: 'ja-easy', role: 'reporter' },
      { userId: supporter, language: 'en', role: 'supporter' },
    ]);
    await expect(
      transact(pool, (tx) => changeStatus(tx, catalog, { reportId: report.id, to: 'rejected', staffId })),
    ).rejects.toMatchObject({ reportCode: 'REASON_REQUIRED', statusCode: 400 });
    await expect(
      transact(pool, (tx) =>
        changeStatus(tx, catalog, { reportId: report.id, to: 'rejected', reason: '  ', staffId }),
      ),
    ).rejects.toMatchObject({ reportCode: 'REASON_REQUIRED' });
    await expect(
      transact(pool, (tx) =>
        changeStatus(tx, catalog, { reportId: report.id, to: 'duplicate', reason: 'x', staffId }),
      ),
    ).rejects.toMatchObject({ reportCode: 'USE_MERGE' });
    await expect(
      transact(pool, (tx) => changeStatus(tx, catalog, { reportId: report.id, to: 'nonsense', staffId })),
    ).rejects.toMatchObject({ reportCode: 'UNKNOWN_STATUS' });
    const done = await transact(pool, (tx) =>
      changeStatus(tx, catalog, { reportId: report.id, to: 'done', staffId }),
    );
    expect(done.report.closedAt).toBeInstanceOf(Date);
    await expect(
      transact(pool, (tx) => changeStatus(tx, catalog, { reportId: report.id, to: 'received', staffId })),
    ).rejects.toMatchObject({ reportCode: 'TRANSITION_NOT_ALLOWED', statusCode: 409 });
    const reopened = await transact(pool, (tx) =>
      changeStatus(tx, catalog, { reportId: report.id, to: 'in_progress', staffId }),
    );
    expect(reopened.report.closedAt).toBeNull();

    await transact(pool, (tx) => addNote(tx, { reportId: report.id, note: '現地確認済み', staffId }));
    const moved = await transact(pool, (tx) =>
      assignDepartment(tx, catalog, { reportId: report.id, department: 'park', staffId }),
    );
    expect(moved.department).toBe('park');
    await expect(
      transact(pool, (tx) =>
        assignDepartment(tx, catalog, { reportId: report.id, department: 'x', staffId }),
      ),
    ).rejects.toMatchObject({ reportCode: 'UNKNOWN_DEPARTMENT' });
    const events = await listReportEvents(pool, report.id);
    expect(events.map((e) => [e.kind, e.toStatus])).toEqual([
      ['created', 'received'],
      ['status', 'in_progress'],
      ['status', 'done'],
      ['status', 'in_progress'],
      ['note', null],
      ['department', null],
    ]);
    expect(events[4]).toMatchObject({ note: '現地確認済み', staffId });

    const mine = await listUserReports(pool, catalog, reporter);
    expect(mine).toEqual([
      expect.objectContaining({
        number: report.number,
        role: 'reporter',
        statusLabel: '直（なお）しています',
      }),
    ]);
    const theirs = await listUserReports(pool, catalog, supporter);
    expect(theirs[0]).toMatchObject({ number: report.number, role: 'supporter', statusLabel: 'In progress' });
  });

  it('shows rejected reports to the resident as 完了 with the reason', async () => {
    const reporter = await user();
    const report = await create({ userId: reporter, ...east(INSIDE, 350) });
    await transact(pool, (tx) =>
      changeStatus(tx, catalog, { reportId: report.id, to: 'rejected', reason: '県の管理道路です', staffId }),
    );
    const [mine] = await listUserReports(pool, catalog, reporter);
    expect(mine).toMatchObject({ status: 'rejected', statusLabel: '完了', reason: '県の管理道路です' });
  });
});

describe('merging duplicates', () => {
  it('marks the duplicate, moves its residents to the original, and tells them', async () => {
    const a = await user();
    const b = await user('en');
    const c = await user();
    const original = await create({ userId: a, ...north(INSIDE, 300) });
    const duplicate = await create({ userId: b, ...north(INSIDE, 310) });
    await transact(pool, (tx) => addSupporter(tx, catalog, { reportId: duplicate.id, userId: c }));
    // The original's reporter said "me too" on the duplicate: they must not become their own supporter.
    await transact(pool, (tx) => addSupporter(tx, catalog, { reportId: duplicate.id, userId: a }));

    const merged = await transact(pool, (tx) =>
      mergeDuplicate(tx, catalog, { duplicateId: duplicate.id, originalId: original.id, staffId }),
    );
    expect(merged.report).toMatchObject({ status: 'duplicate', duplicateOf: original.id, supporterCount: 0 });
    expect(merged.reason).toContain(original.number);
    expect(merged.notify.map((r) => r.userId).sort()).toEqual([a, b, c].sort());
    expect(merged.original.supporterCount).toBe(2);
    const later = await transact(pool, (tx) =>
      changeStatus(tx, catalog, { reportId: original.id, to: 'in_progress', staffId }),
    );
    expect(later.notify.map((r) => [r.userId, r.role])).toEqual([
      [a, 'reporter'],
      expect.any(Array),
      expect.any(Array),
    ]);
    expect(later.notify.map((r) => r.userId).sort()).toEqual([a, b, c].sort());

    await expect(
      transact(pool, (tx) =>
        mergeDuplicate(tx, catalog, { duplicateId: original.id, originalId: original.id, staffId }),
      ),
    ).rejects.toMatchObject({ reportCode: 'INVALID_MERGE' });
    const third = await create({ userId: c, ...north(INSIDE, 320) });
    await expect(
      transact(pool, (tx) =>
        mergeDuplicate(tx, catalog, { duplicateId: third.id, originalId: duplicate.id, staffId }),
      ),
    ).rejects.toMatchObject({ reportCode: 'INVALID_MERGE' });
    await expect(
      transact(pool, (tx) =>
        mergeDuplicate(tx, catalog, { duplicateId: duplicate.id, originalId: third.id, staffId }),
      ),
    ).rejects.toMatchObject({ reportCode: 'TRANSITION_NOT_ALLOWED' });
    expect(
      await findNearbyOpenReports(pool, catalog, { category: 'road', ...north(INSIDE, 310), radiusM: 5 }),
    ).toEqual([]);
  });
});

describe('staff list, hiding, redaction and exports', () => {
  it('filters by status, category, department, dates, bounding box and text, with paging', async () => {
    const u = await user();
    const base = east(north(INSIDE, -600), 200);
    const a = await create({ userId: u, ...base, category: 'park', comment: 'ブランコの鎖が切れている' });
    const b = await create({ userId: u, ...east(base, 60), category: 'park', address: '春日公園 北口' });
    const box = {
      south: base.lat - 0.0001,
      north: base.lat + 0.0001,
      west: base.lon - 0.0001,
      east: base.lon + 0.001,
    };
    const inBox = await listReports(pool, { bbox: box });
    expect(inBox.items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(inBox.total).toBe(2);
    expect((await listReports(pool, { bbox: box, limit: 1, offset: 1 })).items.map((r) => r.id)).toEqual([
      a.id,
    ]);
    expect((await listReports(pool, { text: 'ブランコ' })).items.map((r) => r.id)).toEqual([a.id]);
    expect((await listReports(pool, { text: '北口' })).items.map((r) => r.id)).toEqual([b.id]);
    expect((await listReports(pool, { text: b.number })).items.map((r) => r.id)).toEqual([b.id]);
    expect((await listReports(pool, { text: '100%' })).total).toBe(0);
    await transact(pool, (tx) => changeStatus(tx, catalog, { reportId: a.id, to: 'in_progress', staffId }));
    const inProgress = await listReports(pool, { bbox: box, status: ['in_progress'] });
    expect(inProgress.items.map((r) => r.id)).toEqual([a.id]);
    expect((await listReports(pool, { bbox: box, category: 'road' })).total).toBe(0);
    expect((await listReports(pool, { bbox: box, department: 'park' })).total).toBe(2);
    const future = new Date(Date.now() + 3_600_000);
    expect((await listReports(pool, { bbox: box, from: future })).total).toBe(0);
    expect((await listReports(pool, { bbox: box, to: future })).total).toBe(2);
    await transact(pool, (tx) =>
      setHidden(tx, { reportId: b.id, hidden: true, reason: '個人宅が写っている', staffId }),
    );
    expect((await listReports(pool, { bbox: box })).total).toBe(2);
    expect((await listReports(pool, { bbox: box, includeHidden: false })).items.map((r) => r.id)).toEqual([
      a.id,
    ]);
  });

  it('publishes nothing personal: no user ids, no raw comments, no hidden reports, only approved photos', async () => {
    const u = await user();
    const place = east(north(INSIDE, 600), -300);
    const secretComment = '090-1234-5678 山田の家の前';
    const shown = await create({
      userId: u,
      ...place,
      comment: secretComment,
      address: '春日市春日公園',
      photoKeys: [newPhotoKey(), newPhotoKey()],
    });
    const hidden = await create({ userId: u, ...east(place, 30), comment: 'hidden comment' });
    await transact(pool, (tx) => setPublished(tx, { reportId: hidden.id, published: true, staffId }));
    await transact(pool, (tx) => setHidden(tx, { reportId: hidden.id, hidden: true, staffId }));
    await transact(pool, (tx) => setPublished(tx, { reportId: shown.id, published: true, staffId }));
    const approvedKey = shown.photos[1]?.key as string;
    await transact(pool, (tx) =>
      redactComment(tx, { reportId: shown.id, publicComment: '家の前の道路に穴', staffId }),
    );
    await transact(pool, (tx) =>
      setPhotoPublic(tx, { reportId: shown.id, photoKey: approvedKey, public: true, staffId }),
    );
    await transact(pool, (tx) => changeStatus(tx, catalog, { reportId: shown.id, to: 'done', staffId }));
    const box = {
      south: place.lat - 0.001,
      north: place.lat + 0.001,
      west: place.lon - 0.001,
      east: place.lon + 0.001,
    };
    const { items } = await listReports(pool, { bbox: box });
    expect(items).toHaveLength(2);

    const photoUrl = (key: string) => `https://example.jp/photos/${key}`;
    const geo = toGeoJSON(items, catalog, { photoUrl });
    const csv = toCsv(items, catalog);
    const open311 = toOpen311Requests(items, catalog, { photoUrl });
    expect(geo.features).toHaveLength(1);
    expect(geo.features[0]?.geometry.coordinates).toEqual([
      Math.round(shown.lon * 1e4) / 1e4,
      Math.round(shown.lat * 1e4) / 1e4,
    ]);
    expect(geo.features[0]?.properties).toMatchObject({
      description: '家の前の道路に穴',
      statusLabel: '完了',
    });
    expect(open311).toEqual([
      expect.objectContaining({
        service_request_id: shown.number,
        status: 'closed',
        description: '家の前の道路に穴',
        media_url: photoUrl(approvedKey),
      }),
    ]);
    for (const text of [JSON.stringify(geo), csv, JSON.stringify(open311)]) {
      expect(text).not.toContain(u);
      expect(text).not.toContain('090-1234-5678');
      expect(text).not.toContain('hidden comment');
      expect(text).not.toContain(hidden.number);
      expect(text).not.toContain(shown.photos[0]?.key as string);
    }
    const withdrawn = await transact(pool, (tx) =>
      redactComment(tx, { reportId: shown.id, publicComment: null, staffId }),
    );
    expect(toOpen311Requests([withdrawn], catalog)[0]?.description).toBeNull();
    expect(withdrawn.comment).toBe(secretComment);
  });

  it('publishes after staff review, or at once with autoPublish; never a hidden report', async () => {
    const u = await user();
    const reviewed = await create({ userId: u, ...north(INSIDE, 900) });
    expect(reviewed).toMatchObject({ published: false, publishedAt: null, exactLocationPublic: false });
    expect(toOpen311Requests([reviewed], catalog)).toEqual([]);
    const published = await transact(pool, (tx) =>
      setPublished(tx, { reportId: reviewed.id, published: true, staffId }),
    );
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(toOpen311Requests([published], catalog).map((r) => r.service_request_id)).toEqual([
      reviewed.number,
    ]);
    const bbox = { south: 33.5, north: 33.6, west: 130.4, east: 130.5 };
    const publicIds = async () =>
      (await listReports(pool, { bbox, publicOnly: true })).items.map((r) => r.id);
    expect(await publicIds()).toContain(reviewed.id);

    await transact(pool, (tx) => setHidden(tx, { reportId: reviewed.id, hidden: true, staffId }));
    expect(await publicIds()).not.toContain(reviewed.id);
    await expect(
      transact(pool, (tx) => setPublished(tx, { reportId: reviewed.id, published: true, staffId })),
    ).rejects.toMatchObject({ reportCode: 'REPORT_HIDDEN' });

    const auto = await transact(pool, (tx) =>
      createReport(
        tx,
        { userId: u, category: 'road', ...north(INSIDE, 950), photoKeys: [newPhotoKey()] },
        { ...ctx, autoPublish: true },
      ),
    );
    expect(auto).toMatchObject({ published: true, publishedAt: expect.any(Date) });
    expect((await listReportEvents(pool, auto.id)).map((e) => [e.kind, e.staffId])).toEqual([
      ['created', null],
      ['published', null],
    ]);
    expect(await publicIds()).toContain(auto.id);
  });
});
