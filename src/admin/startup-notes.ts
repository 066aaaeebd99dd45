// What the server says about the staff API when it starts: where its documentation is, and — while no
// administrator exists — how to create the first one (nobody can do it through the API before that).
import type { Queryable } from '../db/transact.ts';

export interface StaffStartupNotes {
  docsUrl: string;
  docs: string;
  /** Set while the database has no active administrator. */
  firstAdmin?: string;
}

export async function hasActiveAdministrator(db: Queryable): Promise<boolean> {
  const result = await db.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM staff WHERE is_admin AND active) AS found',
  );
  return result.rows[0]?.found === true;
}

/** `embedded`: the database is this process's own, which the CLI can only open once the server has stopped. */
export async function staffStartupNotes(
  db: Queryable,
  baseUrl: string,
  options: { embedded: boolean },
): Promise<StaffStartupNotes> {
  const docsUrl = `${baseUrl}/admin/docs`;
  const notes: StaffStartupNotes = {
    docsUrl,
    docs:
      `Staff API documentation: ${docsUrl} (OpenAPI document: ${docsUrl}/json). ` +
      'Staff call /admin/… with "Authorization: Bearer <their token>".',
  };
  if (!(await hasActiveAdministrator(db))) {
    notes.firstAdmin =
      'No staff administrator exists yet. Create the first one on the server with ' +
      '`npm run staff:create -- --name "山田 花子" --login yamada --admin --password-stdin` (the password is ' +
      'read from standard input; their API token is printed once)' +
      (options.embedded
        ? ', after stopping this server: the embedded database takes one process at a time.'
        : '.') +
      ' Administrators then add staff through the API (POST /admin/staff).';
  }
  return notes;
}
