// Bounds every outgoing HTTP call (the LINE SDK uses the global fetch, which takes no timeout of its own):
// a LINE API that never answers must not hold an event's lease forever.
import { Agent, setGlobalDispatcher } from 'undici';

export function installOutgoingTimeouts(): void {
  setGlobalDispatcher(
    new Agent({
      connect: { timeout: 5_000 },
      headersTimeout: 15_000,
      bodyTimeout: 30_000,
      keepAliveTimeout: 10_000,
    }),
  );
}
