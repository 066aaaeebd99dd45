// Open311 GeoReport v2: the service list (one service per category) and service requests built from the
// public view only (see public.ts), so no personal data can reach the API.
import { localize, type ReportCatalog } from '../catalog/catalog.ts';
import type { Report } from '../types.ts';
import { cityIso, type PublicReport, publicReports } from './public.ts';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  service_code: string;
  service_name: string;
  description: string | null;
  agency_responsible: string;
  requested_datetime: string;
  updated_datetime: string;
  address: string | null;
  lat: number;
  long: number;
  media_url?: string;
}

export function open311Services(catalog: ReportCatalog, language: 'ja' | 'en' = 'ja'): Open311Service[] {
  return catalog.categories
    .filter((c) => c.active)
    .map((c) => ({
      service_code: c.id,
      service_name: localize(c.name, language),
      description: localize(c.description, language),
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: localize(
        catalog.departments.find((d) => d.id === c.department)?.name ?? { ja: c.department },
        language,
      ),
    }));
}

function toRequest(r: PublicReport, photoUrl?: (key: string) => string): Open311Request {
  const first = r.photoKeys[0];
  return {
    service_request_id: r.number,
    status: r.closed ? 'closed' : 'open',
    service_code: r.category,
    service_name: r.categoryName,
    description: r.description,
    agency_responsible: r.departmentName,
    requested_datetime: cityIso(r.createdAt),
    updated_datetime: cityIso(r.updatedAt),
    address: r.address,
    lat: r.lat,
    long: r.lon,
    ...(photoUrl && first ? { media_url: photoUrl(first) } : {}),
  };
}

/** One request, or null when the report may not be published (hidden). */
export function toOpen311Request(
  report: Report,
  catalog: ReportCatalog,
  options: { photoUrl?: (key: string) => string } = {},
): Open311Request | null {
  const [view] = publicReports([report], catalog);
  return view ? toRequest(view, options.photoUrl) : null;
}

export function toOpen311Requests(
  reports: Report[],
  catalog: ReportCatalog,
  options: { photoUrl?: (key: string) => string } = {},
): Open311Request[] {
  return publicReports(reports, catalog).map((r) => toRequest(r, options.photoUrl));
}
