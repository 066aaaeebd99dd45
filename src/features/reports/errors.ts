// Why a report action was refused; each code carries the HTTP status the admin API and chat flow map it to.
import { HttpError } from '../../http/http-error.ts';

export type ReportErrorCode =
  | 'UNKNOWN_CATEGORY'
  | 'UNKNOWN_DEPARTMENT'
  | 'UNKNOWN_STATUS'
  | 'OUTSIDE_CITY'
  | 'INVALID_POSITION'
  | 'PHOTO_COUNT'
  | 'INVALID_PHOTO'
  | 'COMMENT_TOO_LONG'
  | 'REPORT_NOT_FOUND'
  | 'REPORT_CLOSED'
  | 'REPORT_HIDDEN'
  | 'OWN_REPORT'
  | 'TRANSITION_NOT_ALLOWED'
  | 'REASON_REQUIRED'
  | 'USE_MERGE'
  | 'INVALID_MERGE';

const STATUS: Record<ReportErrorCode, number> = {
  UNKNOWN_CATEGORY: 400,
  UNKNOWN_DEPARTMENT: 400,
  UNKNOWN_STATUS: 400,
  OUTSIDE_CITY: 422,
  INVALID_POSITION: 400,
  PHOTO_COUNT: 400,
  INVALID_PHOTO: 400,
  COMMENT_TOO_LONG: 400,
  REPORT_NOT_FOUND: 404,
  REPORT_CLOSED: 409,
  REPORT_HIDDEN: 409,
  OWN_REPORT: 409,
  TRANSITION_NOT_ALLOWED: 409,
  REASON_REQUIRED: 400,
  USE_MERGE: 400,
  INVALID_MERGE: 409,
};

export class ReportError extends HttpError {
  readonly reportCode: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string) {
    super(STATUS[code], code, message);
    this.reportCode = code;
  }
}
