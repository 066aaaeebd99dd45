// Each simulated user's conversation, in order: their own events and everything the bot delivered to them.
// Kept in memory on purpose: local mode is a single-process demo without a real channel, and a restart
// starts a fresh emulator anyway (new rich menus, no reply tokens), so nothing here should outlive it.
import type { Delivery } from '../line/emulator/index.ts';
import type { UserMessage } from './event-builder.ts';

export type TranscriptItem =
  | { id: string; at: string; from: 'user'; message: UserMessage }
  | { id: string; at: string; from: 'bot'; via: Delivery['kind']; message: unknown };

export type TranscriptListener = (item: TranscriptItem) => void;

/** Oldest items are dropped past this, so a long demo cannot grow without bound. */
const MAX_ITEMS_PER_USER = 1000;

export class TranscriptStore {
  private readonly items = new Map<string, TranscriptItem[]>();
  private readonly listeners = new Map<string, Set<TranscriptListener>>();
  // Ids increase across all users, so "items after id N" is a simple comparison.
  private lastId = 0;

  list(userId: string): readonly TranscriptItem[] {
    return this.items.get(userId) ?? [];
  }

  /** Items of the user with an id greater than `afterId` (for a stream that reconnects). */
  listAfter(userId: string, afterId: string): TranscriptItem[] {
    const after = Number(afterId);
    if (!Number.isSafeInteger(after)) return [];
    return this.list(userId).filter((item) => Number(item.id) > after);
  }

  addUserMessage(userId: string, message: UserMessage, at = new Date()): TranscriptItem {
    return this.add(userId, { id: this.nextId(), at: at.toISOString(), from: 'user', message });
  }

  /** One item per message, as a chat shows them. */
  addDelivery(delivery: Delivery): TranscriptItem[] {
    return delivery.messages.map((message) =>
      this.add(delivery.userId, {
        id: this.nextId(),
        at: delivery.at.toISOString(),
        from: 'bot',
        via: delivery.kind,
        message,
      }),
    );
  }

  /** Calls `listener` with every new item of the user; returns the unsubscribe function. */
  subscribe(userId: string, listener: TranscriptListener): () => void {
    const set = this.listeners.get(userId) ?? new Set<TranscriptListener>();
    this.listeners.set(userId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  private nextId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }

  private add(userId: string, item: TranscriptItem): TranscriptItem {
    const list = this.items.get(userId) ?? [];
    this.items.set(userId, list);
    list.push(item);
    if (list.length > MAX_ITEMS_PER_USER) list.splice(0, list.length - MAX_ITEMS_PER_USER);
    for (const listener of this.listeners.get(userId) ?? []) {
      try {
        listener(item);
      } catch {
        // One broken stream must not keep the item from the others or from the store.
      }
    }
    return item;
  }
}
