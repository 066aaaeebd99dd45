// The error the LINE client throws, carrying LINE's status, request id and answer body.
import { HTTPFetchError } from '@line/bot-sdk';

export class LineApiError extends Error {
  readonly code = 'LINE_API';
  /** HTTP status; 0 when no answer came (network error). */
  readonly status: number;
  /** LINE's x-line-request-id, to quote when asking LINE about a failure. */
  readonly requestId: string | undefined;
  /** Parsed JSON body when it was JSON, else the raw text. */
  readonly body: unknown;
  /** x-line-accepted-request-id on a 409: the earlier request that already delivered this retry key. */
  readonly acceptedRequestId: string | undefined;
  /** Retry-After in milliseconds, when LINE sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    init: {
      status: number;
      requestId?: string | undefined;
      body?: unknown;
      acceptedRequestId?: string | undefined;
      retryAfterMs?: number | undefined;
      cause?: unknown;
    },
  ) {
    super(message, { cause: init.cause });
    this.name = 'LineApiError';
    this.status = init.status;
    this.requestId = init.requestId;
    this.body = init.body;
    this.acceptedRequestId = init.acceptedRequestId;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** 429, 5xx and network errors may succeed later; other 4xx will not. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Wraps whatever the SDK threw; non-HTTP errors become status 0 (no answer). */
export function toLineApiError(error: unknown, operation: string): LineApiError {
  if (error instanceof LineApiError) return error;
  if (error instanceof HTTPFetchError) {
    const body = parseBody(error.body);
    const lineMessage =
      typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : error.message;
    return new LineApiError(`LINE ${operation} failed (${error.status}): ${lineMessage}`, {
      status: error.status,
      requestId: error.headers.get('x-line-request-id') ?? undefined,
      body,
      acceptedRequestId: error.headers.get('x-line-accepted-request-id') ?? undefined,
      retryAfterMs: parseRetryAfter(error.headers.get('retry-after')),
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new LineApiError(`LINE ${operation} failed: ${reason}`, { status: 0, cause: error });
}
