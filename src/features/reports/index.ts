// 損傷報告 (damage reports): the data model's engine and exporters; the chat flow and routes build on these.
export {
  CatalogError,
  findCategory,
  findStatus,
  loadReportCatalog,
  localize,
  openStatuses,
  parseReportCatalog,
  type ReportCatalog,
  type ReportCategory,
  type ReportStatusDef,
  statusLabel,
  telUri,
} from './catalog/catalog.ts';
export { loadPlaceNames, type PlaceNames, parsePlaceNames } from './catalog/place-names.ts';
export { ReportError, type ReportErrorCode } from './errors.ts';
export { REPORTS_CSV_HEADER, toCsv } from './export/csv.ts';
export { type GeoJsonFeatureCollection, toGeoJSON } from './export/geojson.ts';
export { open311Services, toOpen311Request, toOpen311Requests } from './export/open311.ts';
export { isPublic, type PublicReport, publicReports } from './export/public.ts';
export { publicAddress } from './export/public-address.ts';
export {
  findReport,
  findReportByNumber,
  findReportsByNumbers,
  listReportEvents,
  listReports,
  type ReportFilter,
  reportRecipients,
} from './repository.ts';
export {
  addSupporter,
  createReport,
  findNearbyOpenReports,
  type NearbyReport,
  type NewReport,
  type ReportContext,
} from './resident-actions.ts';
export {
  addNote,
  assignDepartment,
  changeStatus,
  mergeDuplicate,
  redactComment,
  type StatusChange,
  setExactLocationPublic,
  setHidden,
  setPhotoPublic,
  setPublished,
} from './staff-actions.ts';
export * from './types.ts';
export { listUserReports, type UserReport } from './user-reports.ts';
