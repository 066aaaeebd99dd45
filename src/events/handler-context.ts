// The context one event is handled in: reads and LINE calls happen at once; database writes and outgoing
// messages are collected and committed together with the event's completion, so an event takes effect once.
import type { messagingApi } from '@line/bot-sdk';
import type pg from 'pg';
import type { ConversationState } from '../conversation/state-repository.ts';
import { t } from '../i18n/index.ts';
import type { Language } from '../i18n/languages.ts';
import { DEFAULT_LANGUAGE } from '../i18n/languages.ts';
import { assertMessages } from '../line/message-limits.ts';
import type { LineUser } from '../users/user-repository.ts';
import type { StoredEvent } from './event-repository.ts';
import type { Services } from './services.ts';

export type Write = (tx: pg.PoolClient) => Promise<void>;

const MAX_MESSAGES_PER_SEND = 5;
const MAX_QUICK_REPLIES = 13;

export class HandlerContext {
  readonly event: StoredEvent;
  readonly services: Services;
  /** Loaded before routing for events from a user (null: not known yet / not in a flow). */
  user: LineUser | null = null;
  state: ConversationState | null = null;
  readonly messages: messagingApi.Message[] = [];
  readonly writes: Write[] = [];

  constructor(event: StoredEvent, services: Services) {
    this.event = event;
    this.services = services;
  }

  get userId(): string | null {
    return this.event.userId;
  }

  get language(): Language {
    return this.user?.language ?? DEFAULT_LANGUAGE;
  }

  get log() {
    return this.services.log.child({ eventId: this.event.eventId, eventType: this.event.eventType });
  }

  t(key: string, vars?: Record<string, string | number>): string {
    return t(this.language, key, vars);
  }

  /** Queues messages for the chat; checked against LINE's limits now, so a bad message fails in its handler. */
  send(...messages: messagingApi.Message[]): void {
    const all = [...this.messages, ...messages];
    if (all.length > MAX_MESSAGES_PER_SEND) {
      throw new Error(`a handler may send at most ${MAX_MESSAGES_PER_SEND} messages for one event`);
    }
    assertMessages(all);
    this.messages.push(...messages);
  }

  /**
   * Adds quick replies to the last queued message (LINE shows only the last message's), after the ones it has;
   * beyond LINE's 13 the added ones are left out (the message's own choices matter more).
   */
  addQuickReplies(items: messagingApi.QuickReplyItem[]): void {
    const last = this.messages.at(-1);
    if (!last || items.length === 0) return;
    const existing = last.quickReply?.items ?? [];
    // The same button twice (a flow's own "quit" and the kit's way out) shows once.
    const key = (item: messagingApi.QuickReplyItem) => {
      const action = item.action as { type?: string; data?: string } | undefined;
      return action?.type === 'postback' ? `postback:${action.data}` : JSON.stringify(action);
    };
    const shown = new Set(existing.map(key));
    const added = items.filter((item) => !shown.has(key(item)));
    if (added.length === 0) return;
    // The message's own choices come first: what does not fit after them is left out.
    const room = Math.max(0, MAX_QUICK_REPLIES - existing.length);
    if (room === 0) return;
    const next = { ...last, quickReply: { items: [...existing, ...added.slice(0, room)] } };
    assertMessages([next]);
    this.messages[this.messages.length - 1] = next;
  }

  sendText(key: string, vars?: Record<string, string | number>): void {
    this.send({ type: 'text', text: this.t(key, vars) });
  }

  /** Queues a database change; all of them run in the transaction that completes the event. */
  write(fn: Write): void {
    this.writes.push(fn);
  }
}
