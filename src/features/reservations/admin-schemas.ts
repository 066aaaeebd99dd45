// The zod schemas of the reservations admin API: they validate requests, shape answers and generate its
// OpenAPI document (one source, so the docs cannot drift from what is enforced).
import { z } from 'zod';
import { cityDateTime } from '../../admin/city-time.ts';
import { pageQuery } from '../../admin/paging.ts';
import { enumFromLocales } from '../../admin/staff-labels.ts';
import { foldBookingNumber } from './admin-text.ts';
import { RESERVATION_STATUSES, type Reservation, type ReservationService, type Slot } from './types.ts';

export const reservationStatusEnum = enumFromLocales(
  'reservations.status',
  'reservation status',
  'reservationStatus',
  RESERVATION_STATUSES,
);
export const reservationChannelEnum = enumFromLocales(
  'reservations.channel',
  'channel',
  'reservationChannel',
  ['line', 'walk_in'] as const,
);

// PostgreSQL has no year 0 (a date like 0000-01-01 failed in the query): the city's dates start in 1970.
export const isoDate = z.iso
  .date('must be a date like 2026-02-16')
  .refine((date) => date >= '1970-01-01', 'must not be before 1970-01-01');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:30');

const text = z.string().trim().min(1).max(2000).optional();
const optionalTexts = z.object({ ja: text, en: text, 'ja-easy': text }).strict();

export const serviceIdParams = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be 1–32 of a-z, 0-9, _ and -'),
});
export const reservationIdParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a number')
    .describe('the internal id'),
});
/** The booking number as staff type it: full-width, lower case, spaces and hyphens are all fine. */
export const reservationNumberParams = z.object({
  number: z
    .string()
    .max(40)
    .transform(foldBookingNumber)
    .pipe(z.string().regex(/^[0-9A-Z]{4,12}$/, 'must be a booking number like 7KX3QP'))
    .describe('the booking number the resident shows (予約番号), e.g. 7KX3QP or ７ｋｘ－３ｑｐ'),
});
export const dayParams = serviceIdParams.extend({ date: isoDate });

export const serviceBody = z
  .object({
    name: z
      .object({
        ja: z.string().trim().min(1).max(200),
        en: z.string().trim().min(1).max(200).optional(),
        'ja-easy': z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    description: optionalTexts.default({}),
    whatToBring: optionalTexts.default({}),
    place: optionalTexts.default({}),
    receptionStartsOn: isoDate.nullable().default(null),
    receptionEndsOn: isoDate.nullable().default(null),
    opensDaysAhead: z.number().int().min(0).max(366).default(30),
    cutoffMinutes: z.number().int().min(0).max(10_080).default(60),
    oneActivePerUser: z.boolean().default(true),
    closedDates: z.array(isoDate).max(1000).default([]),
    active: z.boolean().default(true),
  })
  .refine((s) => !s.receptionStartsOn || !s.receptionEndsOn || s.receptionStartsOn <= s.receptionEndsOn, {
    path: ['receptionEndsOn'],
    message: 'must not be before receptionStartsOn',
  });

export const serviceSchema = z.object({
  id: z.string(),
  name: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()),
  whatToBring: z.record(z.string(), z.string()),
  place: z.record(z.string(), z.string()),
  receptionStartsOn: z.string().nullable(),
  receptionEndsOn: z.string().nullable(),
  opensDaysAhead: z.number(),
  cutoffMinutes: z.number(),
  oneActivePerUser: z.boolean(),
  closedDates: z.array(z.string()),
  active: z.boolean(),
});

export function serviceOut(service: ReservationService): z.infer<typeof serviceSchema> {
  return service;
}

/** Longest range one bulk request may cover: a year of a desk's slots. */
export const MAX_RANGE_DAYS = 366;

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

// from…to are inclusive city days: in order, and at most MAX_RANGE_DAYS.
const rangeInOrder = (r: { from: string; to: string }) => r.from <= r.to;
const notInOrder = { path: ['to'], message: 'must not be before from' };
const rangeNotTooLong = (r: { from: string; to: string }) => daysBetween(r.from, r.to) < MAX_RANGE_DAYS;
const tooLong = { path: ['to'], message: `the range may cover at most ${MAX_RANGE_DAYS} days` };

export const dateRange = z
  .object({ from: isoDate, to: isoDate })
  .refine(rangeInOrder, notInOrder)
  .refine(rangeNotTooLong, tooLong);
export const slotsQuery = z
  .object({ from: isoDate, to: isoDate, ...pageQuery(500, 2000) })
  .refine(rangeInOrder, notInOrder)
  .refine(rangeNotTooLong, tooLong);

export const slotScheduleBody = z
  .object({
    from: isoDate,
    to: isoDate,
    weekdays: z
      .array(z.number().int().min(0).max(6))
      .min(1)
      .max(7)
      .describe('0 = Sunday … 6 = Saturday')
      .default([1, 2, 3, 4, 5]),
    times: z
      .array(
        z
          .object({ start: hhmm, end: hhmm })
          .refine((t) => t.start < t.end, { path: ['end'], message: 'must be after start' }),
      )
      .min(1)
      .max(96),
    capacity: z.number().int().min(0).max(10_000),
    skipDates: z.array(isoDate).max(1000).default([]),
  })
  .refine(rangeInOrder, notInOrder)
  .refine(rangeNotTooLong, tooLong);

export const slotSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  startsAt: cityDateTime,
  endsAt: cityDateTime,
  capacity: z.number(),
  booked: z.number(),
  seatsLeft: z.number(),
});

export function slotOut(slot: Slot): z.infer<typeof slotSchema> {
  return { ...slot, seatsLeft: slot.capacity - slot.booked };
}

export const reservationSchema = z.object({
  id: z.string().describe('internal id'),
  number: z.string().describe('the booking number the resident shows and reads out (予約番号)'),
  serviceId: z.string(),
  slotId: z.string(),
  startsAt: cityDateTime,
  endsAt: cityDateTime,
  status: reservationStatusEnum.output(),
  // line: booked by a resident on LINE; walk_in: registered at the desk.
  channel: reservationChannelEnum.output(),
  userId: z.string().nullable(),
  name: z.string().nullable().describe('LINE display name, or the walk-in’s name'),
  phone: z.string().nullable(),
  queueDate: z.string().nullable(),
  queueNumber: z.number().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: cityDateTime,
});
export type ReservationOut = z.infer<typeof reservationSchema>;

export function reservationOut(r: Reservation, displayName: string | null = null): ReservationOut {
  return {
    id: r.id,
    number: r.number,
    serviceId: r.serviceId,
    slotId: r.slotId,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    status: r.status,
    channel: r.userId ? 'line' : 'walk_in',
    userId: r.userId,
    name: r.userId ? displayName : r.walkInName,
    phone: r.walkInPhone,
    queueDate: r.queueDate,
    queueNumber: r.queueNumber,
    cancelReason: r.cancelReason,
    createdAt: r.createdAt,
  };
}

export const walkInBody = z.object({
  slotId: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a number')
    .optional()
    .describe('this slot; left out: the server picks the first slot with a seat left (see at)'),
  at: cityDateTime
    .optional()
    .describe(
      'without slotId: the first slot not over yet at this time, the same city day, with a seat left; default now',
    ),
  name: z.string().trim().min(1).max(100),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{6,20}$/, 'must be a phone number')
    .optional(),
  checkIn: z.boolean().default(false).describe('also check the walk-in in at once (they are at the desk)'),
});

/** The desk's search: a booking number or a name, over some city days, some statuses. */
export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('a booking number (its beginning is enough) or part of a name, e.g. 7KX or 山田'),
    from: isoDate.optional().describe('first city day (inclusive)'),
    to: isoDate.optional().describe('last city day (inclusive)'),
    status: reservationStatusEnum.listInput().optional(),
    ...pageQuery(50, 500),
  })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { path: ['to'], message: 'must not be before from' });

export const dayQuery = z.object({
  status: reservationStatusEnum.listInput().optional(),
  ...pageQuery(500, 1000),
});

export const cancelBody = z.object({
  reason: z.string().trim().min(1).max(500).describe('the reason in Japanese, as the resident is told it'),
  reasons: z
    .object({
      en: z.string().trim().min(1).max(500).optional(),
      'ja-easy': z.string().trim().min(1).max(500).optional(),
    })
    .strict()
    .optional()
    .describe(
      'the reason for residents who read English or やさしい日本語; without one they get the Japanese reason, ' +
        'framed as "Message from the city (in Japanese): …"',
    ),
});

const errorSchema = z.object({
  error: z
    .string()
    .describe('what was wrong; a 400 names the field, e.g. "body.times.0.end: must be after start"'),
  fields: z.array(z.string()).optional(),
});
const ERROR_MEANING = {
  400: 'bad input (the message names the field)',
  401: 'no valid staff token',
  403: 'the role on reservations:<serviceId> does not allow this',
  404: 'no such service, slot or reservation (or nobody waiting, for call-next)',
  409: 'refused by the rules: the slot is full, the reservation is not in a state for this, or the like',
} as const;

/** The documented error answers of a route; each leaves nothing written. */
export function errorResponses<C extends keyof typeof ERROR_MEANING>(
  ...codes: C[]
): Record<C, typeof errorSchema> {
  return Object.fromEntries(codes.map((code) => [code, errorSchema.describe(ERROR_MEANING[code])])) as Record<
    C,
    typeof errorSchema
  >;
}
