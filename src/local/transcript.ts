// Each simulated user's conversation, in order: their own events and everything the bot delivered to them. Kept
// in simulator_transcript, so a restart keeps it; the row id is the item id (increasing across users and
// restarts), so a tab that reconnects with its last id gets exactly what it missed.
import type { FastifyBaseLogger } from 'fastify';
import type { Queryable } from '../db/transact.ts';
import type { Delivery } from '../line/emulator/index.ts';
import type { UserMessage } from './event-builder.ts';

export type TranscriptItem =
  | { id: string; at: string; from: 'user'; message: UserMessage }
  | { id: string; at: string; from: 'bot'; via: Delivery['kind']; message: unknown };

type NewItem =
  | { from: 'user'; message: UserMessage }
  | { from: 'bot'; via: Delivery['kind']; message: unknown };

export type TranscriptListener = (item: TranscriptItem) => void;

/** Oldest items are dropped past this, so a long demo cannot grow without bound. */
export const MAX_ITEMS_PER_USER = 1000;

interface ItemRow {
  id: string;
  at: Date;
  item: NewItem;
}

function toItem(row: ItemRow): TranscriptItem {
  return { ...row.item, id: String(row.id), at: row.at.toISOString() } as TranscriptItem;
}

export class TranscriptStore {
  private readonly listeners = new Map<string, Set<TranscriptListener>>();
  private readonly db: Queryable;
  private readonly log: FastifyBaseLogger;
  // Items are stored one after another, so their ids follow the order they happened in.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(db: Queryable, log: FastifyBaseLogger) {
    this.db = db;
    this.log = log;
  }

  async list(userId: string): Promise<TranscriptItem[]> {
    const { rows } = await this.db.query<ItemRow>(
      `SELECT id, at, item FROM (
         SELECT id, at, item FROM simulator_transcript WHERE user_id = $1 ORDER BY id DESC LIMIT $2
       ) last ORDER BY id`,
      [userId, MAX_ITEMS_PER_USER],
    );
    return rows.map(toItem);
  }

  /** Items of the user with an id greater than `afterId` (for a stream that reconnects). */
  async listAfter(userId: string, afterId: string): Promise<TranscriptItem[]> {
    if (!/^\d{1,15}$/.test(afterId)) return [];
    const { rows } = await this.db.query<ItemRow>(
      `SELECT id, at, item FROM simulator_transcript WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [userId, afterId, MAX_ITEMS_PER_USER],
    );
    return rows.map(toItem);
  }

  /** Resolves once stored (so it precedes the bot's answer), with its id. */
  addUserMessage(userId: string, message: UserMessage, at = new Date()): Promise<TranscriptItem | null> {
    return this.add(userId, at, { from: 'user', message });
  }

  /** One item per message, as a chat shows them. */
  addDelivery(delivery: Delivery): Promise<(TranscriptItem | null)[]> {
    return Promise.all(
      delivery.messages.map((message) =>
        this.add(delivery.userId, delivery.at, { from: 'bot', via: delivery.kind, message }),
      ),
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

  /** Waits until every item added so far is stored (and sent to the listeners). */
  async settled(): Promise<void> {
    await this.tail;
  }

  private add(userId: string, at: Date, item: NewItem): Promise<TranscriptItem | null> {
    const stored = this.tail.then(() => this.store(userId, at, item));
    this.tail = stored;
    return stored;
  }

  private async store(userId: string, at: Date, item: NewItem): Promise<TranscriptItem | null> {
    let stored: TranscriptItem;
    try {
      const { rows } = await this.db.query<ItemRow>(
        `INSERT INTO simulator_transcript (user_id, at, item) VALUES ($1, $2, $3) RETURNING id, at, item`,
        [userId, at, JSON.stringify(item)],
      );
      stored = toItem(rows[0] as ItemRow);
      await this.db.query(
        `DELETE FROM simulator_transcript WHERE user_id = $1 AND id < (
           SELECT id FROM simulator_transcript WHERE user_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
        [userId, MAX_ITEMS_PER_USER - 1],
      );
    } catch (error) {
      // A demo tool: a lost bubble is logged, never a failed request or a stuck queue.
      this.log.warn({ err: error, userId }, 'simulator transcript item not stored');
      return null;
    }
    for (const listener of this.listeners.get(userId) ?? []) {
      try {
        listener(stored);
      } catch {
        // One broken stream must not keep the item from the others or from the store.
      }
    }
    return stored;
  }
}
