// Who may do what in the reservations admin API: one role scope per service, `reservations:<serviceId>`
// (a role on plain `reservations` covers every service). viewer reads and exports, operator runs the desk,
// manager edits services and slots.
import type { FastifyRequest } from 'fastify';
import { requireRole } from '../../admin/auth.ts';
import type { Role, StaffPrincipal } from '../../admin/roles.ts';
import { cityInstant } from './types.ts';

export interface ReservationsAdminOptions {
  /** The clock the desk actions use (tests fix it); the real time by default. */
  now: () => Date;
}

export function serviceScope(serviceId: string): string {
  return `reservations:${serviceId}`;
}

export function requireServiceRole(request: FastifyRequest, serviceId: string, role: Role): StaffPrincipal {
  return requireRole(request, serviceScope(serviceId), role);
}

/** City days from…to (inclusive) as the instants [start, end). */
export function cityDayRange(from: string, to: string): { start: Date; end: Date } {
  return {
    start: cityInstant(from, '00:00'),
    end: new Date(cityInstant(to, '00:00').getTime() + 86_400_000),
  };
}
