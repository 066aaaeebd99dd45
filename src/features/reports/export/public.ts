// The one place that decides what of a report may be published; every exporter goes through it.
// Published: number, category, department, status, position, address of the place, the staff-approved
// comment, approved photos, the me-too count, dates. Never: LINE user ids, the resident's own comment,
// unapproved photos, hidden reports, staff notes and reasons.
import { findCategory, findStatus, localize, type ReportCatalog } from '../catalog/catalog.ts';
import type { Report } from '../types.ts';

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

// ~0.1 m: enough for a map, and it keeps floating-point noise out of the files.
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Public views of the reports that may be published (hidden ones are left out), in the given order. */
export function publicReports(reports: Report[], catalog: ReportCatalog): PublicReport[] {
  const numberById = new Map(reports.map((r) => [r.id, r.number]));
  return reports
    .filter((r) => !r.hidden)
    .map((r) => {
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
        lat: round6(r.lat),
        lon: round6(r.lon),
        address: r.address,
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
