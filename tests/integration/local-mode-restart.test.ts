// Local mode keeps its simulated users across a restart: the users, their follow/block state, their transcripts
// (same ids, so a stream resumes where it stopped), their photos and their menu's language; and the bot goes on
// answering them as the same residents.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RichMenuView } from '../../src/local/richmenu-view.ts';
import type { SimUser } from '../../src/local/sim-users.ts';
import { eraseRawData } from '../../src/privacy/erasure.ts';
import { solidPng } from '../helpers/emulator-http.ts';
import { waitFor } from '../helpers/harness.ts';
import {
  botItemsAfter,
  createSimUser,
  type LocalServer,
  openEventStream,
  sendSimEvent,
  simTranscript,
  startLocalServer,
} from '../helpers/local-server.ts';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const richMenu = async (userId: string) =>
  (await server.api<RichMenuView>('GET', `/simulator/api/users/${userId}/richmenu`)).json;

it('finds the users, their chats, photos and menus after a restart, and goes on answering them', async () => {
  const alex = await createSimUser(server, 'Alex', 'en');
  await sendSimEvent(server, alex.userId, { type: 'follow' });
  await botItemsAfter(server, alex.userId, 1);
  await sendSimEvent(server, alex.userId, { type: 'text', text: 'hello' });
  await botItemsAfter(server, alex.userId, 3);
  const photo = solidPng(4, 4).toString('base64');
  await sendSimEvent(server, alex.userId, { type: 'image', dataBase64: photo, contentType: 'image/png' });
  const beforeItems = await waitFor(async () => {
    const items = await simTranscript(server, alex.userId);
    return items.at(-1)?.from === 'bot' && items.length >= 6 ? items : null;
  }, 'the answer to the photo');
  const menuBefore = await richMenu(alex.userId);

  // A second user who followed and then blocked the account.
  const kai = await createSimUser(server, 'カイ', 'ja');
  await sendSimEvent(server, kai.userId, { type: 'follow' });
  await botItemsAfter(server, kai.userId, 1);
  await sendSimEvent(server, kai.userId, { type: 'unfollow' });
  const sentPhoto = beforeItems.find((item) => item.from === 'user' && item.message.type === 'image');
  const photoUrl =
    sentPhoto?.from === 'user' && sentPhoto.message.type === 'image' ? sentPhoto.message.url : '';

  await server.restart();

  // The users, as they were.
  const state = await server.api<{ users: SimUser[] }>('GET', '/simulator/api/state');
  expect(state.json.users).toEqual([
    { userId: alex.userId, displayName: 'Alex', language: 'en', followed: true },
    { userId: kai.userId, displayName: 'カイ', language: 'ja', followed: false },
  ]);
  // The chat, item for item, with the same ids.
  expect(await simTranscript(server, alex.userId)).toEqual(beforeItems);
  // The photo the user sent is still shown.
  expect(photoUrl).toMatch(/^\/simulator\/api\/content\/\d+$/);
  const content = await fetch(`${server.url}${photoUrl}`);
  expect(content.status).toBe(200);
  expect(Buffer.from(await content.arrayBuffer()).equals(solidPng(4, 4))).toBe(true);
  // The menu of the user's language (a new emulator: new ids, the same menu).
  const menuAfter = await richMenu(alex.userId);
  expect(menuAfter.chatBarText).toBe(menuBefore.chatBarText);
  expect(menuAfter.areas.map((area) => area.action)).toEqual(menuBefore.areas.map((area) => area.action));
  // The blocked user is still blocked.
  const refused = await server.api('POST', `/simulator/api/users/${kai.userId}/events`, {
    type: 'text',
    text: 'hi',
  });
  expect(refused.status).toBe(409);

  // A stream resuming after the last id it had gets only what is new; the bot answers the same resident.
  const lastId = beforeItems.at(-1)?.id as string;
  const stream = await openEventStream(`${server.url}/simulator/api/users/${alex.userId}/stream`, {
    'last-event-id': lastId,
  });
  try {
    await sendSimEvent(server, alex.userId, { type: 'text', text: 'again' });
    const echoed = await stream.next((event) => event.event === 'item');
    expect(Number(echoed.id)).toBeGreaterThan(Number(lastId));
    expect(JSON.parse(echoed.data)).toMatchObject({ from: 'user', message: { type: 'text', text: 'again' } });
    const answer = await stream.next((event) => event.event === 'item');
    expect(JSON.parse(answer.data)).toMatchObject({ from: 'bot' });
  } finally {
    stream.close();
  }
  const users = await server.query<{ user_id: string }>(
    'SELECT user_id FROM line_users WHERE user_id = ANY($1::text[]) ORDER BY created_at',
    [[alex.userId, kai.userId]],
  );
  expect(users.map((row) => row.user_id)).toEqual([alex.userId, kai.userId]);
}, 120_000);

it("erasing a resident's raw data removes the simulator's copy of their chat and photos", async () => {
  const mei = await createSimUser(server, 'Mei', 'ja');
  await sendSimEvent(server, mei.userId, { type: 'follow' });
  await botItemsAfter(server, mei.userId, 1);
  await sendSimEvent(server, mei.userId, {
    type: 'image',
    dataBase64: solidPng(2, 2).toString('base64'),
    contentType: 'image/png',
  });
  await botItemsAfter(server, mei.userId, 3);
  await eraseRawData(server.app.pg.pool, [mei.userId], new Date());
  expect(await simTranscript(server, mei.userId)).toEqual([]);
  const left = await server.query('SELECT 1 FROM simulator_contents WHERE user_id = $1', [mei.userId]);
  expect(left).toEqual([]);
}, 60_000);
