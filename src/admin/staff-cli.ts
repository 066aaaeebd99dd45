// `npm run staff:create -- --name "山田 花子" [--email a@b] [--admin] [--role reports:operator …]`:
// creates a staff member and prints their first API token (shown once). The way to make the first admin.
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { loadConfig } from '../config.ts';
import databasePlugin from '../db/plugin.ts';
import { createStaffWithToken } from './bootstrap.ts';
import { roleSchema, scopeSchema } from './roles.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    admin: { type: 'boolean', default: false },
    role: { type: 'string', multiple: true, default: [] },
  },
});
if (!values.name) {
  console.error(
    'usage: npm run staff:create -- --name "NAME" [--email EMAIL] [--admin] [--role SCOPE:ROLE …]',
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
  });
  console.log(`staff ${created.staffId} created. API token (shown only now):\n${created.token}`);
} finally {
  await app.close();
}
