// `npm run staff:create -- --name "山田 花子" [--login yamada --password-stdin] [--email a@b] [--admin]
// [--role reports:operator …]`: creates a staff member (with a console sign-in when --login is given, the
// password read from standard input) and prints their first API token (shown once).
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { loadConfig } from '../config.ts';
import databasePlugin from '../db/plugin.ts';
import { createStaffWithToken } from './bootstrap.ts';
import { loginIdSchema, passwordSchema } from './login-schemas.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { roleSchema, scopeSchema } from './roles.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    admin: { type: 'boolean', default: false },
    role: { type: 'string', multiple: true, default: [] },
    login: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
});
if (!values.name) {
  console.error(
    'usage: npm run staff:create -- --name "NAME" [--login LOGIN --password-stdin] [--email EMAIL] [--admin] ' +
      '[--role SCOPE:ROLE …]',
  );
  process.exit(2);
}
const roles = (values.role ?? []).map((entry) => {
  const at = entry.lastIndexOf(':');
  const scope = scopeSchema.safeParse(entry.slice(0, at));
  const role = roleSchema.safeParse(entry.slice(at + 1));
  if (at < 1 || !scope.success || !role.success) {
    console.error(`--role ${entry}: expected SCOPE:ROLE with ROLE one of viewer, operator, manager`);
    process.exit(2);
  }
  return { scope: scope.data, role: role.data };
});

let login: { loginId: string; password: string } | undefined;
if (values.login !== undefined || values['password-stdin']) {
  if (values.login === undefined || !values['password-stdin']) {
    console.error('--login and --password-stdin go together (the password is read from standard input)');
    process.exit(2);
  }
  const loginId = loginIdSchema.safeParse(values.login);
  if (!loginId.success) {
    console.error(`--login ${values.login}: 3–64 letters, digits or . _ @ -`);
    process.exit(2);
  }
  // The first line of standard input (a pipe or a terminal), without its line end.
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  const valid = passwordSchema.safeParse(password);
  if (!valid.success) {
    console.error(`the password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`);
    process.exit(2);
  }
  login = { loginId: loginId.data, password };
}

const config = loadConfig();
// No plugin deadline: opening (or creating) the embedded database on a busy machine may take over 10 s.
const app = Fastify({ logger: { level: 'warn' }, pluginTimeout: 0 });
await app.register(databasePlugin, { config });
try {
  const created = await createStaffWithToken(app.pg.pool, {
    name: values.name,
    email: values.email ?? null,
    isAdmin: values.admin ?? false,
    roles,
    via: 'staff:create CLI',
    login: login ? { loginId: login.loginId, passwordHash: await hashPassword(login.password) } : undefined,
  });
  console.log(`staff ${created.staffId} created. API token (shown only now):\n${created.token}`);
  if (login) console.log(`They sign in to the console (/console) as ${login.loginId}.`);
} finally {
  await app.close();
}
