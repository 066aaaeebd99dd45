// Local mode's live transcript: Server-Sent Events carry every new item (the user's own and the bot's, a
// staff push included), resume after Last-Event-ID, are cleaned up on disconnect and ended on shutdown.
import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../src/local/transcript.ts';
import { waitFor } from '../helpers/harness.ts';
import { openEventStream, useLocalServer } from '../helpers/local-server.ts';

const sim = useLocalServer();
const { api, newUser, send, transcript } = sim;

describe('local mode: the live transcript stream', () => {
  it('streams new transcript items live, including a staff push, and closes the stream on disconnect', async () => {
    const user = await newUser('Mika', 'ja');
    const stream = await openEventStream(`${sim.server.url}/simulator/api/users/${user.userId}/stream`);
    try {
      await send(user.userId, { type: 'follow' });
      const own = await stream.next((e) => e.event === 'item' && JSON.parse(e.data).from === 'user');
      expect(JSON.parse(own.data)).toMatchObject({ from: 'user', message: { type: 'follow' } });
      await stream.next((e) => e.event === 'item' && JSON.parse(e.data).from === 'bot');

      const pushed = await api<{ status: string }>('POST', `/users/${user.userId}/push`, {
        text: '本日は窓口が混み合っています。',
      });
      expect(pushed.status).toBe(200);
      expect(pushed.json.status).toBe('sent');
      const event = await stream.next((e) => e.event === 'item' && JSON.parse(e.data).via === 'push');
      const item = JSON.parse(event.data) as TranscriptItem;
      expect(item).toMatchObject({
        from: 'bot',
        via: 'push',
        message: { type: 'text', text: '本日は窓口が混み合っています。' },
      });
      expect(event.id).toBe(item.id);
      expect(sim.server.local.openStreams()).toBe(1);
    } finally {
      stream.close();
    }
    await waitFor(() => sim.server.local.openStreams() === 0, 'the stream to be cleaned up');

    // A reconnecting stream (Last-Event-ID) first gets what it missed.
    const items = await transcript(user.userId);
    const again = await openEventStream(`${sim.server.url}/simulator/api/users/${user.userId}/stream`, {
      'last-event-id': items[0]?.id ?? '',
    });
    try {
      const missed = await again.next((e) => e.id === items[1]?.id);
      expect(JSON.parse(missed.data)).toEqual(items[1]);
    } finally {
      again.close();
    }
  });

  it('ends open streams when the server shuts down, so a browser tab cannot hold the shutdown', async () => {
    const user = await newUser('Rin', 'ja');
    const stream = await openEventStream(`${sim.server.url}/simulator/api/users/${user.userId}/stream`);
    try {
      expect(sim.server.local.openStreams()).toBe(1);
      const closed = await Promise.race([
        sim.server.close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(resolve, 10_000, 'still open')),
      ]);
      expect(closed).toBe('closed');
      expect(sim.server.local.openStreams()).toBe(0);
    } finally {
      stream.close();
    }
  });
});
