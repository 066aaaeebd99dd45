// The simulator's HTTP API (see the contract): JSON in and out, errors thrown with the server's message.

const BASE = '/simulator/api';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message =
      data && typeof data.error === 'string' ? data.error : `${method} ${path}: ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return data;
}

const user = (userId) => `/users/${encodeURIComponent(userId)}`;

export const api = {
  /** { users, places, boundary } */
  state: () => request('GET', '/state'),
  createUser: (displayName, language) => request('POST', '/users', { displayName, language }),
  /** Sends one event through /webhook; resolves to { webhookStatus, eventId }. */
  sendEvent: (userId, event) => request('POST', `${user(userId)}/events`, event),
  transcript: async (userId) => (await request('GET', `${user(userId)}/transcript`)).items ?? [],
  /** The menu LINE shows this user, or null when there is none. */
  richMenu: async (userId) => {
    try {
      return await request('GET', `${user(userId)}/richmenu`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
  switchRichMenu: (userId, richMenuAliasId, data) =>
    request('POST', `${user(userId)}/richmenu/switch`, { richMenuAliasId, data }),
  setLanguage: (userId, language) => request('POST', `${user(userId)}/language`, { language }),
  push: (userId, text) => request('POST', `${user(userId)}/push`, { text }),
  streamUrl: (userId) => `${BASE}${user(userId)}/stream`,
};
