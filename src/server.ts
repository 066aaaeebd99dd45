// The one file that listens: reads the configuration, builds the app, serves, and closes with grace on signals.
import type { FastifyInstance } from 'fastify';
import { createSetupLink } from './admin/setup-links.ts';
import { staffStartupNotes } from './admin/startup-notes.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { ensureConsoleBuilt } from './console/build.ts';
import { EmbeddedDatabaseLockedError } from './db/embedded.ts';
import { installOutgoingTimeouts } from './http/outgoing-timeouts.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

installOutgoingTimeouts();
// The staff console is rebuilt when its sources changed since the last build (npm install builds it too).
try {
  await ensureConsoleBuilt((message) => console.log(message));
} catch (error) {
  console.error('the staff console could not be built; /console will say so:', error);
}
let app: FastifyInstance;
try {
  app = await buildApp({ config });
} catch (error) {
  // Refusals that say what to set (local mode over a real channel's database, a database in use): the
  // message is the whole story, a stack trace would only bury it.
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// A promise rejected with nobody listening (a bug) must not take the webhook down with it: Node would exit,
// and LINE would get connection refused instead of answers. It is logged loudly instead; the work it belonged
// to is retried by its loop (leases, outbox), which is what the guarantees rest on.
process.on('unhandledRejection', (reason) => {
  app.log.error({ err: reason }, 'unhandled promise rejection (a bug): logged, the server keeps running');
});

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests and event handling');
  const timer = setTimeout(() => {
    app.log.error('graceful shutdown timed out; exiting');
    process.exit(1);
  }, config.shutdownGraceSeconds * 1000);
  timer.unref();
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'error while shutting down');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  app.log.error({ err: error }, 'could not start listening');
  await app.close();
  process.exit(1);
}

// After listen: the address is only certain now (PORT=0 picks one).
const address = app.server.address();
const listening = typeof address === 'object' && address ? address : undefined;
const baseUrl = config.publicBaseUrl ?? `http://localhost:${listening?.port ?? config.port}`;

try {
  const notes = await staffStartupNotes(app.pg.pool, baseUrl, { embedded: !config.databaseUrl });
  app.log.info({ staffDocs: notes.docsUrl }, notes.docs);
  if (notes.firstAdmin) {
    // A link the running server honours: works while it holds the embedded database (the CLI cannot then).
    const token = await createSetupLink(app.pg.pool);
    app.log.warn(
      `${notes.firstAdmin} Or open this one-time link within an hour to create the first administrator in ` +
        `the browser: ${baseUrl}/console/setup#${token}`,
    );
  }
} catch (error) {
  app.log.warn(
    { err: error },
    'could not check for a staff administrator; the staff API docs are at /admin/docs',
  );
}

const connectHint =
  'To connect one, set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN from the LINE Developers console ' +
  '(Messaging API channel) and point its webhook URL at <PUBLIC_BASE_URL>/webhook — see README.md.';
if (app.localMode) {
  const simulator = `${baseUrl}${app.localMode.simulatorPath}`;
  const reach = isLoopback(config.host)
    ? `It listens on ${config.host} only, so only this machine reaches it (set HOST=0.0.0.0 to open it to ` +
      'others, e.g. in Docker: the simulator has no login).'
    : `HOST=${config.host}: anyone who reaches this address can use the simulator, which has no login, ` +
      'and act as residents.';
  app.log.warn(
    { simulator, listening },
    `Local mode: No LINE channel is configured, so the bot runs against a LINE platform emulator inside this ` +
      `process and nothing reaches LINE. Try the bot as a resident would — Simulator: ${simulator} . ${reach} ` +
      `${connectHint} (LOCAL_MODE=off turns local mode off.)`,
  );
} else if (!config.line) {
  app.log.warn(
    `No LINE channel is configured and LOCAL_MODE=off: webhooks are refused (401) and nothing is sent to LINE. ${connectHint}`,
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
