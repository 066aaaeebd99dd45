// The one place that decides what of a report may be published; every exporter goes through it.
// Only reports staff published (or OPEN311_AUTO_PUBLISH did) and did not hide. Published: number, category,
// department, status, the position (rounded to about 10 m unless staff approved the exact point), the town
// and 丁目 of the address (see public-address.ts), the staff-approved comment, approved photos, the me-too
// count, dates. Never: LINE user ids, the resident's own comment or chosen place title, 番地 and buildings,
// unapproved photos, unpublished or hidden reports, staff notes and reasons.
import { findCategory, findStatus, localize, type ReportCatalog } from '../catalog/catalog.ts';
import { loadPlaceNames, type PlaceNames } from '../catalog/place-names.ts';
import type { Report } from '../types.ts';
import { publicAddress } from './public-address.ts';

export interface PublicReport {
  number: string;
  category: string;
  categoryName: string;
  department: string;
  departmentName: string;
  status: string;
  statusLabel: string;
  closed: boolean;
  lat: number;
  lon: number;
  address: string | null;
  description: string | null;
  photoKeys: string[];
  supporterCount: number;
  duplicateOfNumber: string | null;
  createdAt: Date;
  updatedAt: Date;
}

// ~0.1 m for an approved exact point (and no floating-point noise in the files); 4 decimals is ~11 m of
// latitude and ~9 m of longitude here: the street, not the house.
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/** Whether anything public may show the report at all. */
export const isPublic = (report: Report): boolean => report.published && !report.hidden;

/** Public views of the reports that may be published (others are left out), in the given order. */
export function publicReports(
  reports: Report[],
  catalog: ReportCatalog,
  places: PlaceNames = loadPlaceNames(),
): PublicReport[] {
  const shown = reports.filter(isPublic);
  // A duplicate names its original only when the original is public too.
  const numberById = new Map(shown.map((r) => [r.id, r.number]));
  return shown.map((r) => {
    const round = r.exactLocationPublic ? round6 : round4;
    const category = findCategory(catalog, r.category);
    const department = catalog.departments.find((d) => d.id === r.department);
    const status = findStatus(catalog, r.status);
    return {
      number: r.number,
      category: r.category,
      categoryName: category ? localize(category.name, 'ja') : r.category,
      department: r.department,
      departmentName: department ? localize(department.name, 'ja') : r.department,
      status: r.status,
      statusLabel: status ? localize(status.label, 'ja') : r.status,
      closed: status?.closed ?? false,
      lat: round(r.lat),
      lon: round(r.lon),
      address: publicAddress(r.address, places),
      description: r.publicComment,
      photoKeys: r.photos.filter((p) => p.public).map((p) => p.key),
      supporterCount: r.supporterCount,
      duplicateOfNumber: r.duplicateOf ? (numberById.get(r.duplicateOf) ?? null) : null,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  });
}

/** ISO 8601 in the city's time (+09:00), as Open311 and residents expect. */
export function cityIso(at: Date): string {
  return `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}
