// Server-Sent Events for a user's transcript: every new item is sent live as `event: item`, with its id so a
// reconnecting EventSource (Last-Event-ID) or `?after=<id>` gets what it missed; streams end on server close.
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TranscriptItem, TranscriptStore } from './transcript.ts';

// Proxies and browsers drop an idle stream after a while; a comment line now and then keeps it open.
const KEEPALIVE_MS = 15_000;

function frame(item: TranscriptItem): string {
  return `id: ${item.id}\nevent: item\ndata: ${JSON.stringify(item)}\n\n`;
}

export class TranscriptStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly transcript: TranscriptStore;

  constructor(transcript: TranscriptStore) {
    this.transcript = transcript;
  }

  get size(): number {
    return this.open.size;
  }

  /** Takes over the response and streams the user's new items until the client goes away. */
  serve(request: FastifyRequest, reply: FastifyReply, userId: string, afterId: string | undefined): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    // Live items that arrive while the missed ones are read wait, so the stream stays in id order, once each.
    let lastSent = 0;
    let replaying = afterId !== undefined;
    const waiting: TranscriptItem[] = [];
    const send = (item: TranscriptItem) => {
      if (Number(item.id) <= lastSent || res.writableEnded) return;
      lastSent = Number(item.id);
      res.write(frame(item));
    };
    const unsubscribe = this.transcript.subscribe(userId, (item) => {
      if (replaying) waiting.push(item);
      else send(item);
    });
    if (afterId !== undefined) {
      void this.transcript
        .listAfter(userId, afterId)
        .catch(() => [] as TranscriptItem[])
        .then((missed) => {
          for (const item of missed) send(item);
          replaying = false;
          for (const item of waiting.splice(0)) send(item);
        });
    }
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    this.open.add(res);
    const cleanup = () => {
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(res);
    };
    res.on('close', cleanup);
    request.raw.on('close', cleanup);
  }

  /** Ends every stream, so a graceful shutdown does not wait for open browser tabs. */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
