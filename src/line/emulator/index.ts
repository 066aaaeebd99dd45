// Starts a local server that speaks the LINE Messaging API (api.line.me and api-data.line.me paths).
import { buildEmulatorApp } from './server.ts';
import { EmulatorState } from './state.ts';
import type { LineEmulator, LineEmulatorOptions } from './types.ts';

export type {
  Delivery,
  DeliveryKind,
  DeliveryListener,
  EmulatorUser,
  FailureRule,
  LineEmulator,
  LineEmulatorOptions,
  LineErrorBody,
  LineErrorDetail,
  RecordedRequest,
  RejectedRequest,
  RichMenuSize,
  StoredRichMenu,
} from './types.ts';

export async function startLineEmulator(options: LineEmulatorOptions = {}): Promise<LineEmulator> {
  const state = new EmulatorState(options.replyTokenTtlMs ?? 60_000);
  const app = buildEmulatorApp(state, options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${port}`;

  return {
    baseUrl,
    close: () => app.close(),

    addUser(user) {
      state.users.set(user.userId, { ...user, blocked: state.users.get(user.userId)?.blocked ?? false });
    },
    setBlocked(userId, blocked) {
      const user = state.users.get(userId);
      if (user) user.blocked = blocked;
      else state.users.set(userId, { userId, displayName: userId, blocked });
    },
    issueReplyToken: (userId) => state.issueReplyToken(userId),
    setContent(messageId, body, contentType) {
      state.contents.set(messageId, { body, contentType });
    },
    failNext: (rule) => state.failures.add(rule),

    get requests() {
      return state.requests;
    },
    get rejected() {
      return state.rejected;
    },
    get deliveries() {
      return state.deliveries;
    },
    messagesFor: (userId) => state.messagesFor(userId),
    onDelivery(listener) {
      state.listeners.add(listener);
      return () => {
        state.listeners.delete(listener);
      };
    },
    reset: () => state.reset(),

    get richMenus() {
      return state.richMenus;
    },
    get aliases() {
      return state.aliases;
    },
    get defaultRichMenuId() {
      return state.defaultRichMenuId;
    },
    get userRichMenus() {
      return state.userRichMenus;
    },
    get richMenuCreations() {
      return state.richMenuCreations;
    },
  };
}
