// Talking to the whole server as a LINE user does: each event goes out signed with a fresh reply token, and the
// answer is the messages of the reply LINE received for it.
import { expect } from 'vitest';
import type { Delivery } from '../../src/line/emulator/index.ts';
import { type Harness, waitFor } from './harness.ts';
import { events, type LineEvent } from './webhook-events.ts';

export interface Chat {
  /** The replies (not pushes) the user has had so far. */
  replies(userId: string): Delivery[];
  /** Sends the event `build(replyToken)` and resolves with the messages of the reply to it. */
  exchange(userId: string, build: (replyToken: string) => LineEvent): Promise<unknown[]>;
  /** A postback with this data (a button tap). */
  tap(userId: string, data: string): Promise<unknown[]>;
  /** A text message. */
  say(userId: string, text: string): Promise<unknown[]>;
}

/** `harness` is read at each call, so a chat may be made before `beforeAll` starts the server. */
export function chatWith(harness: () => Harness): Chat {
  const replies = (userId: string) =>
    harness().emulator.deliveries.filter((d) => d.userId === userId && d.kind === 'reply');
  async function exchange(userId: string, build: (replyToken: string) => LineEvent): Promise<unknown[]> {
    const h = harness();
    const before = replies(userId).length;
    const res = await h.send(build(h.emulator.issueReplyToken(userId)));
    expect(res.status).toBe(200);
    await waitFor(() => replies(userId).length > before, 'a reply');
    return (replies(userId)[before]?.messages ?? []) as unknown[];
  }
  return {
    replies,
    exchange,
    tap: (userId, data) => exchange(userId, (replyToken) => events.postback({ userId, replyToken }, data)),
    say: (userId, text) => exchange(userId, (replyToken) => events.text({ userId, replyToken }, text)),
  };
}
