// Delivers simulated events the way LINE does: a signed POST over HTTP to this server's own /webhook, so they
// take exactly the path real events take (signature, envelope, durable intake, worker).
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { WebhookEvent } from './event-builder.ts';

/** HMAC-SHA256 of the exact body with the channel secret, Base64: LINE's x-line-signature. */
export function signBody(body: string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/** Where this process can reach its own listener (a wildcard address is reached on loopback). */
export function ownBaseUrl(server: Server): string {
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the server is not listening on a TCP port yet');
  }
  const { family, port } = address;
  let host = address.address;
  if (host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  return family === 'IPv6' || host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

export interface SelfWebhook {
  baseUrl: string;
  channelSecret: string;
  /** The bot's user id, sent as the body's `destination`. */
  destination: string;
}

/** POSTs the events to /webhook signed with the local channel secret; returns the HTTP status. */
export async function postToOwnWebhook(target: SelfWebhook, events: WebhookEvent[]): Promise<number> {
  const body = JSON.stringify({ destination: target.destination, events });
  const response = await fetch(`${target.baseUrl}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-line-signature': signBody(body, target.channelSecret),
      'user-agent': 'LineBotWebhook/2.0',
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
