// Creates a staff member with a first token outside the API (the first administrator has nobody to ask).
import type pg from 'pg';
import { transact } from '../db/transact.ts';
import { insertAudit } from './audit-repository.ts';
import type { Role } from './roles.ts';
import { insertStaff, insertToken, loginTaken, replaceRoles, setLogin } from './staff-repository.ts';
import { generateToken, hashToken } from './tokens.ts';

export async function createStaffWithToken(
  pool: pg.Pool,
  input: {
    name: string;
    email?: string | null;
    isAdmin: boolean;
    roles?: { scope: string; role: Role }[];
    via: string;
    /** A console sign-in (the password already hashed). */
    login?: { loginId: string; passwordHash: string } | undefined;
  },
): Promise<{ staffId: string; tokenId: string; token: string }> {
  const token = generateToken();
  return transact(pool, async (tx) => {
    const staffId = await insertStaff(tx, {
      name: input.name,
      email: input.email ?? null,
      isAdmin: input.isAdmin,
    });
    await replaceRoles(tx, staffId, input.roles ?? []);
    if (input.login) {
      if (await loginTaken(tx, input.login.loginId))
        throw new Error(`login id ${input.login.loginId} is taken`);
      await setLogin(tx, staffId, input.login);
    }
    const tokenId = await insertToken(tx, {
      staffId,
      tokenHash: hashToken(token),
      label: input.via,
      expiresAt: null,
    });
    await insertAudit(tx, {
      staffId: null,
      action: 'staff.create',
      resourceType: 'staff',
      resourceId: staffId,
      details: { via: input.via, isAdmin: input.isAdmin, roles: input.roles ?? [] },
    });
    return { staffId, tokenId, token };
  });
}
