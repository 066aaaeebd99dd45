// Emulated sending endpoints: reply, push, multicast, loading animation and user profiles.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkMessages } from '../message-limits.ts';
import { isRecord, reject, rejectBody, requestIdOf, sendError, violationDetail } from './errors.ts';
import { type EmulatorState, newMessageId } from './state.ts';
import type { DeliveryKind, LineErrorDetail } from './types.ts';

const MAX_MESSAGES = 5;
const MAX_MULTICAST = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function messageDetails(messages: unknown): LineErrorDetail[] {
  if (!Array.isArray(messages)) return [{ property: 'messages', message: 'must be specified' }];
  if (messages.length < 1 || messages.length > MAX_MESSAGES) {
    return [{ property: 'messages', message: `Size must be between 1 and ${MAX_MESSAGES}` }];
  }
  return checkMessages(messages).map((violation) => violationDetail(violation, 'messages'));
}

function sentMessages(messages: unknown[]): { id: string }[] {
  return messages.map(() => ({ id: newMessageId() }));
}

type RetryCheck = { ok: true; key: string | undefined } | { ok: false };

/** Validates X-Line-Retry-Key and answers 409 when the key was already accepted. */
function checkRetryKey(state: EmulatorState, request: FastifyRequest, reply: FastifyReply): RetryCheck {
  const raw = request.headers['x-line-retry-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined) return { ok: true, key: undefined };
  if (!UUID.test(key)) {
    reject(state, request, reply, "The value for the 'X-Line-Retry-Key' header is invalid", [
      { property: 'X-Line-Retry-Key', message: 'must be a UUID' },
    ]);
    return { ok: false };
  }
  const accepted = state.acceptedRetryKey(key);
  if (accepted) {
    reply.header('x-line-accepted-request-id', accepted.requestId);
    const body =
      accepted.sentMessages.length > 0
        ? { message: 'The retry key is already accepted', sentMessages: accepted.sentMessages }
        : { message: 'The retry key is already accepted' };
    sendError(reply, 409, body);
    return { ok: false };
  }
  return { ok: true, key };
}

function deliverTo(
  state: EmulatorState,
  reply: FastifyReply,
  kind: DeliveryKind,
  userIds: string[],
  messages: unknown[],
  retryKey: string | undefined,
): void {
  const requestId = requestIdOf(reply);
  const at = new Date();
  for (const userId of userIds) {
    if (!state.canReceive(userId)) continue;
    state.deliver({ kind, userId, messages, requestId, at, ...(retryKey ? { retryKey } : {}) });
  }
}

export function registerMessageRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/v2/bot/message/reply', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const details = messageDetails(body.messages);
    if (details.length > 0) return rejectBody(state, request, reply, details);
    const userId = state.spendReplyToken(body.replyToken);
    if (userId === null) return sendError(reply, 400, { message: 'Invalid reply token' });
    const messages = body.messages as unknown[];
    deliverTo(state, reply, 'reply', [userId], messages, undefined);
    return { sentMessages: sentMessages(messages) };
  });

  app.post('/v2/bot/message/push', async (request, reply) => {
    const retry = checkRetryKey(state, request, reply);
    if (!retry.ok) return reply;
    const body = isRecord(request.body) ? request.body : {};
    const details = messageDetails(body.messages);
    if (typeof body.to !== 'string' || body.to === '') {
      details.unshift({ property: 'to', message: 'must be specified' });
    }
    if (details.length > 0) return rejectBody(state, request, reply, details);
    const messages = body.messages as unknown[];
    const sent = sentMessages(messages);
    deliverTo(state, reply, 'push', [body.to as string], messages, retry.key);
    if (retry.key) state.rememberRetryKey(retry.key, requestIdOf(reply), sent);
    return { sentMessages: sent };
  });

  app.post('/v2/bot/message/multicast', async (request, reply) => {
    const retry = checkRetryKey(state, request, reply);
    if (!retry.ok) return reply;
    const body = isRecord(request.body) ? request.body : {};
    const details = messageDetails(body.messages);
    const to = body.to;
    if (!Array.isArray(to) || to.length < 1 || to.length > MAX_MULTICAST) {
      details.unshift({ property: 'to', message: `Size must be between 1 and ${MAX_MULTICAST}` });
    } else if (!to.every((id) => typeof id === 'string' && id !== '')) {
      details.unshift({ property: 'to', message: 'must be user IDs' });
    }
    if (details.length > 0) return rejectBody(state, request, reply, details);
    deliverTo(state, reply, 'multicast', to as string[], body.messages as unknown[], retry.key);
    if (retry.key) state.rememberRetryKey(retry.key, requestIdOf(reply), []);
    return {};
  });

  app.post('/v2/bot/chat/loading/start', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const details: LineErrorDetail[] = [];
    if (typeof body.chatId !== 'string' || body.chatId === '') {
      details.push({ property: 'chatId', message: 'must be specified' });
    }
    // LINE defaults loadingSeconds to 20 when it is left out.
    const seconds = body.loadingSeconds ?? 20;
    if (
      typeof seconds !== 'number' ||
      !Number.isInteger(seconds) ||
      seconds < 5 ||
      seconds > 60 ||
      seconds % 5
    ) {
      details.push({ property: 'loadingSeconds', message: 'must be 5 to 60 in steps of 5' });
    }
    if (details.length > 0) return rejectBody(state, request, reply, details);
    return reply.code(202).send({});
  });

  app.get<{ Params: { userId: string } }>('/v2/bot/profile/:userId', async (request, reply) => {
    const user = state.users.get(request.params.userId);
    if (!user || user.blocked) return sendError(reply, 404, { message: 'Not found' });
    return {
      userId: user.userId,
      displayName: user.displayName,
      ...(user.pictureUrl ? { pictureUrl: user.pictureUrl } : {}),
      ...(user.language ? { language: user.language } : {}),
    };
  });
}
