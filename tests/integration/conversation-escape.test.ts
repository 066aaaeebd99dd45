// A conversation never traps a resident: a rich-menu entry leaves an unfinished flow, typing where a step wants a
// button shows that step again with a way out, the "didn't understand" answer carries the main entries, the
// photo and place steps offer LINE's camera and location pickers, and a photo or a place sent outside any
// conversation is offered as the start of a 損傷報告 (a forged offer cannot fetch another resident's photo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

const INSIDE = { latitude: 33.5282, longitude: 130.4703 };
const OUTSIDE = { latitude: 33.5902, longitude: 130.4017 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const { exchange, tap, say } = chatWith(() => h);
const ja = (key: string, vars?: Record<string, string | number>) => t('ja', key, vars);

interface QuickItem {
  type: string;
  label: string;
  data?: string;
}
function quickItems(messages: unknown[]): QuickItem[] {
  const last = messages.at(-1) as
    | { quickReply?: { items: { action: { type: string; label: string; data?: string } }[] } }
    | undefined;
  return (last?.quickReply?.items ?? []).map((i) => ({
    type: i.action.type,
    label: i.action.label,
    data: i.action.data,
  }));
}
function quick(messages: unknown[], label: string): string {
  const found = quickItems(messages).find((i) => i.label === label)?.data;
  if (!found) throw new Error(`no quick reply "${label}" in ${JSON.stringify(messages).slice(0, 600)}`);
  return found;
}
const texts = (messages: unknown[]) => messages.map((m) => (m as { text?: string }).text ?? '');

let photoSeq = 0;
function sendPhoto(userId: string) {
  photoSeq += 1;
  const id = `8${Date.now()}${photoSeq}`;
  h.emulator.setContent(id, fixture(FIXTURES.gpsLandscape), 'image/jpeg');
  return { id, answer: exchange(userId, (replyToken) => events.image({ userId, replyToken }, id)) };
}
function sendPlace(userId: string, at: { latitude: number; longitude: number }) {
  return exchange(userId, (replyToken) =>
    events.custom({ userId, replyToken }, 'message', {
      message: { type: 'location', id: `${Date.now()}7`, title: '位置情報', address: '春日市', ...at },
    }),
  );
}
/** The category bubble's button of the report flow (the first category). */
function firstCategory(messages: unknown[]): string {
  const data = messages
    .flatMap(bubblesOf)
    .flatMap((bubble) => postbacksOf(bubble))
    .find((action) => action.data.includes('op=cat'))?.data;
  if (!data) throw new Error('no category button');
  return data;
}

describe('leaving and escaping a conversation', () => {
  it('a menu entry in the middle of a report leaves it; typing afterwards gets the main entries', async () => {
    const userId = h.newUser('Aki', 'ja');
    await tap(userId, 'action=menu&item=reports');
    const childcare = await tap(userId, 'action=menu&item=childcare');
    expect(texts(childcare)[0]).toBe(ja('flow.leftForMenu'));
    const typed = await say(userId, 'こんにちは');
    // Not a question the よくある質問 can answer: said honestly, with the main entries.
    expect([[ja('faq:unknown.text')], [ja('faq:unknown.none')]]).toContainEqual(texts(typed));
    const labels = quickItems(typed).map((item) => item.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        ja('richmenu:items.reservations.label'),
        ja('richmenu:items.reports.label'),
        ja('richmenu:items.childcare.label'),
        ja('richmenu:items.help.label'),
      ]),
    );
    // Not a button of a lapsed conversation: no "use the buttons" for a step nobody is in.
    expect(texts(typed).join()).not.toContain(ja('flow.useButtons'));
  });

  it('typing where the report wants a button shows the step again with a way out that ends it', async () => {
    const userId = h.newUser('Ben', 'en');
    const menu = await tap(userId, 'action=menu&item=reports');
    const typed = await say(userId, 'pothole');
    // The categories again (same conversation: the first category button still works), plus the way out.
    expect(firstCategory(typed)).toBe(firstCategory(menu));
    const quit = quick(typed, t('en', 'flow.quitLabel'));
    const done = await tap(userId, quit);
    expect(texts(done)).toEqual([t('en', 'reports:quitDone')]);
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId])).toEqual([]);
  });

  it('typing at the registration confirmation shows it again with a way out', async () => {
    const userId = h.newUser('Chie', 'ja');
    const consent = await tap(userId, 'action=feature&feature=childcare&do=add');
    const agree = consent
      .flatMap(bubblesOf)
      .flatMap((bubble) => postbacksOf(bubble))
      .find((action) => action.data.includes('do=consent'))?.data;
    await tap(userId, agree as string);
    await say(userId, 'はな');
    const district = await say(userId, '2025/4/1');
    // The district step's 13 choices leave no room for a way out: its text says to send "やめる".
    const typedAtDistrict = await say(userId, 'どこ？');
    expect(texts(typedAtDistrict)[0]).toBe(ja('flow.useButtons'));
    const afterBirth = await tap(userId, quick(district, ja('childcareChildren:district.none')));
    const typed = await say(userId, 'よろしく');
    expect(texts(typed)[0]).toBe(ja('flow.useButtons'));
    expect(quickItems(typed).map((i) => i.label)).toContain(ja('flow.quitLabel'));
    expect(JSON.stringify(typed)).toContain('op=save');
    expect(afterBirth.length).toBeGreaterThan(0);
  });
});

describe('LINE pickers in the report steps', () => {
  it('the photo step offers the camera and the photo library; the place step the location picker', async () => {
    const userId = h.newUser('Dai', 'ja');
    const photos = await tap(userId, firstCategory(await tap(userId, 'action=menu&item=reports')));
    const types = quickItems(photos).map((i) => i.type);
    expect(types).toEqual(expect.arrayContaining(['camera', 'cameraRoll']));
    await sendPhoto(userId).answer;
    const done = quickItems(await sendPhoto(userId).answer).find((i) => i.data?.includes('op=done'));
    const location = await tap(userId, done?.data as string);
    expect(quickItems(location).map((i) => i.type)).toContain('location');
  });
});

describe('a photo or a place outside any conversation', () => {
  it('offers a report with the photo, which then starts with it attached', async () => {
    const userId = h.newUser('Emi', 'ja');
    const { answer } = sendPhoto(userId);
    const offer = await answer;
    expect(texts(offer)[0]).toBe(ja('offer.image'));
    const start = await tap(userId, quick(offer, ja('reports:offer.photo')));
    const photos = await tap(userId, firstCategory(start));
    // The photos step already has the one sent before.
    expect(JSON.stringify(photos)).toContain('op=done');
    const state = await h.query<{ data: { photos: string[] } }>(
      'SELECT data FROM conversation_states WHERE user_id = $1',
      [userId],
    );
    expect(state[0]?.data.photos).toHaveLength(1);
  });

  it('refuses an offer button naming a photo another resident sent', async () => {
    const owner = h.newUser('Fumi', 'ja');
    const { id, answer } = sendPhoto(owner);
    await answer;
    const thief = h.newUser('Goro', 'ja');
    const forged = `action=feature&feature=reports&do=photo&m=${id}`;
    const refused = await tap(thief, forged);
    expect(texts(refused)).toEqual([t('ja', 'reports:stale')]);
    expect(await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [thief])).toEqual([]);
  });

  it('offers a report at a place inside the city and skips asking the place again', async () => {
    const userId = h.newUser('Hiro', 'ja');
    const offer = await sendPlace(userId, INSIDE);
    expect(texts(offer)[0]).toBe(ja('offer.location'));
    const start = await tap(userId, quick(offer, ja('reports:offer.place')));
    await tap(userId, firstCategory(start));
    const withPhoto = await sendPhoto(userId).answer;
    const next = await tap(
      userId,
      quickItems(withPhoto).find((i) => i.data?.includes('op=done'))?.data as string,
    );
    // Not the location step: on to the comment (or nearby reports).
    expect(quickItems(next).map((i) => i.type)).not.toContain('location');
    const state = await h.query<{ step: string }>('SELECT step FROM conversation_states WHERE user_id = $1', [
      userId,
    ]);
    expect(['comment', 'nearby']).toContain(state[0]?.step);
  });

  it('a place outside the city offers nothing of the report and keeps the main entries', async () => {
    const userId = h.newUser('Iku', 'ja');
    const answer = await sendPlace(userId, OUTSIDE);
    expect(quickItems(answer).map((i) => i.label)).not.toContain(ja('reports:offer.place'));
    expect(quickItems(answer).length).toBeGreaterThan(0);
  });
});
