// Staff roles per scope, and the one rule that decides whether a staff member may act in a scope.
import { z } from 'zod';

export const ROLES = ['viewer', 'operator', 'manager'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);
export const scopeSchema = z
  .string()
  .regex(/^[a-z0-9_-]+(:[a-z0-9_-]+)?$/, 'must look like "reports" or "reservations:tax"');

const RANK: Record<Role, number> = { viewer: 1, operator: 2, manager: 3 };

export interface StaffPrincipal {
  id: string;
  name: string;
  isAdmin: boolean;
  roles: ReadonlyMap<string, Role>;
}

/**
 * A role on a scope also covers its sub-scopes ('reservations' covers 'reservations:tax'); administrators
 * may act everywhere.
 */
export function allows(staff: StaffPrincipal, scope: string, needed: Role): boolean {
  if (staff.isAdmin) return true;
  const parent = scope.includes(':') ? scope.slice(0, scope.indexOf(':')) : undefined;
  const role = staff.roles.get(scope) ?? (parent ? staff.roles.get(parent) : undefined);
  return role !== undefined && RANK[role] >= RANK[needed];
}

/** The scopes (exact keys) where the staff member holds at least `needed`; undefined means all (admin). */
export function scopesAllowed(staff: StaffPrincipal, needed: Role): string[] | undefined {
  if (staff.isAdmin) return undefined;
  return [...staff.roles].filter(([, role]) => RANK[role] >= RANK[needed]).map(([scope]) => scope);
}
