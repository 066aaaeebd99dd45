// The event claim loops of one instance (one per lane, see claimEvents), started, woken and stopped together.
import type { ClaimLoop } from './claim-loop.ts';
import type { StoredEvent } from './event-repository.ts';

export class EventLanes {
  readonly loops: readonly ClaimLoop<StoredEvent>[];

  constructor(loops: ClaimLoop<StoredEvent>[]) {
    this.loops = loops;
  }

  start(): void {
    for (const loop of this.loops) loop.start();
  }

  /** New events were stored: any lane may have work. */
  wake(): void {
    for (const loop of this.loops) loop.wake();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }
}
