// Why a booking or a queue action was refused; each code has a resident-facing message and an HTTP status.
import { HttpError } from '../../http/http-error.ts';

export type BookingErrorCode =
  | 'SERVICE_NOT_FOUND'
  | 'SLOT_NOT_FOUND'
  | 'SLOT_FULL'
  | 'ALREADY_BOOKED'
  | 'OUTSIDE_WINDOW'
  | 'CLOSED_DAY'
  | 'RESERVATION_NOT_FOUND'
  | 'NOT_ACTIVE'
  | 'WRONG_STATUS'
  | 'QUEUE_EMPTY';

const STATUS: Record<BookingErrorCode, number> = {
  SERVICE_NOT_FOUND: 404,
  SLOT_NOT_FOUND: 404,
  SLOT_FULL: 409,
  ALREADY_BOOKED: 409,
  OUTSIDE_WINDOW: 409,
  CLOSED_DAY: 409,
  RESERVATION_NOT_FOUND: 404,
  NOT_ACTIVE: 409,
  WRONG_STATUS: 409,
  QUEUE_EMPTY: 404,
};

export class BookingError extends HttpError {
  readonly bookingCode: BookingErrorCode;

  constructor(code: BookingErrorCode, message: string) {
    super(STATUS[code], code, message);
    this.bookingCode = code;
  }
}
