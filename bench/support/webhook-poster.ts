// Posts single webhook events to the server as LINE does — signed, with a fresh webhookEventId — with at most
// `connections` requests in flight (LINE's own delivery is bounded too).
import { createHmac, randomBytes } from 'node:crypto';

export function webhookPoster(options: {
  port: number;
  secret: string;
  connections: number;
  /** The first characters of every webhookEventId, so a run's events are recognisable. */
  idPrefix: string;
}): (event: Record<string, unknown>) => Promise<number> {
  let inFlight = 0;
  const queue: (() => void)[] = [];
  /** Resolves with the time the event was sent, once the server answered 200. */
  return async function post(event) {
    while (inFlight >= options.connections) await new Promise<void>((resolve) => queue.push(resolve));
    inFlight += 1;
    const body = JSON.stringify({
      destination: 'Ubench',
      events: [
        {
          mode: 'active',
          timestamp: Date.now(),
          webhookEventId: `${options.idPrefix}${randomBytes(12).toString('hex').toUpperCase()}`.slice(0, 26),
          deliveryContext: { isRedelivery: false },
          ...event,
        },
      ],
    });
    const sentAt = Date.now();
    try {
      const res = await fetch(`http://127.0.0.1:${options.port}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': createHmac('sha256', options.secret).update(body).digest('base64'),
        },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      return sentAt;
    } finally {
      inFlight -= 1;
      queue.shift()?.();
    }
  };
}
