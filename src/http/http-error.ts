// Domain errors that carry the HTTP status they mean; the error handlers map them (4xx keep their message).
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const forbidden = (message = 'your role does not allow this') =>
  new HttpError(403, 'FORBIDDEN', message);
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new HttpError(409, 'CONFLICT', message);
export const badRequest = (message: string) => new HttpError(400, 'BAD_REQUEST', message);
export const tooManyFailures = (retryAfterSeconds: number) =>
  new HttpError(
    429,
    'TOO_MANY_FAILURES',
    `too many failed attempts from this address; try again in ${retryAfterSeconds} seconds`,
  );
