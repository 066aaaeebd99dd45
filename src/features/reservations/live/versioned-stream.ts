// A Server-Sent Events stream of a state that changes: sends `event: state` with the state whenever its version
// differs from the last sent, checked when told of a change and every `pollMs`; keep-alive comments between;
// ends when the client goes away or the server closes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QueueChanges } from './changes.ts';

const KEEPALIVE_MS = 15_000;

export interface VersionedState<T> {
  /** Cheap: compared to decide whether to send. */
  version(): Promise<string>;
  state(): Promise<T>;
}

export type ServeStream = <T>(
  request: FastifyRequest,
  reply: FastifyReply,
  source: VersionedState<T>,
) => void;

/** Call at registration: the streams of this scope end when the server begins to close. */
export function versionedStreams(
  fastify: FastifyInstance,
  options: { changes: QueueChanges; pollMs: number },
): ServeStream {
  const open = new Set<() => void>();
  fastify.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  return (request, reply, source) => serveVersionedStream(request, reply, source, options, open);
}

function serveVersionedStream<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  source: VersionedState<T>,
  options: { changes: QueueChanges; pollMs: number },
  open: Set<() => void>,
): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  res.write('retry: 2000\n\n');
  let last: string | undefined;
  let running = false;
  let again = false;
  let closed = false;
  const check = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const version = await source.version();
        if (version !== last && !closed) {
          last = version;
          res.write(`event: state\ndata: ${JSON.stringify(await source.state())}\n\n`);
        }
      } while (again && !closed);
    } catch (error) {
      request.log.warn({ err: error }, 'live stream check failed; retried at the next change');
      last = undefined;
    } finally {
      running = false;
    }
  };
  const unsubscribe = options.changes.subscribe(() => void check());
  const poll = setInterval(() => void check(), options.pollMs);
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  poll.unref();
  keepalive.unref();
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    clearInterval(keepalive);
    unsubscribe();
    open.delete(end);
    res.end();
  };
  open.add(end);
  res.on('close', end);
  void check();
}
