// "Something at a desk changed": desk actions of this instance say so at once; streams also look every few
// seconds (bookings from LINE, other instances). One per app instance, never module-global.
export interface QueueChanges {
  notify(): void;
  subscribe(listener: () => void): () => void;
}

export function createQueueChanges(): QueueChanges {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
