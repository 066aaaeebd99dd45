// Keeps a database outage from ending the process: node-postgres emits 'error' on a client whose connection
// breaks, and the pool listens only while the client is idle — a checked-out client's 'error' with no listener
// would be an uncaught exception. Every client gets a listener for its whole life; its query rejects as well, so
// the caller still sees the failure (webhooks answer 503, loops retry).
import type pg from 'pg';

interface WarnLogger {
  warn(obj: object, msg: string): void;
}

export function guardClientErrors(pool: pg.Pool, log: WarnLogger): void {
  pool.on('error', (error) => log.warn({ err: error }, 'idle database client failed'));
  pool.on('connect', (client) => {
    client.on('error', (error) => log.warn({ err: error }, 'database connection failed'));
  });
}
