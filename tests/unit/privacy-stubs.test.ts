// The stub raw rows keep once scrubbed (src/privacy/stubs.ts): what statistics need, no content, no personal data
// — checked on events as LINE sends them and on the postback data the bot's own buttons carry.
import { describe, expect, it } from 'vitest';
import { flowData as childFlowData, featureData } from '../../src/features/childcare/children/postback.ts';
import { topicData } from '../../src/features/childcare/menu.ts';
import { flowData as reportFlowData } from '../../src/features/reports/chat/postback.ts';
import { flowData as reservationFlowData } from '../../src/features/reservations/chat/postback.ts';
import { menuPostbackData, tabPostbackData } from '../../src/line/richmenu/requests.ts';
import { eventStub, keptPostbackData, messagesStub } from '../../src/privacy/stubs.ts';
import { events } from '../helpers/webhook-events.ts';

const USER = 'U0123456789abcdef0123456789abcdef';
const common = { userId: USER, replyToken: 'reply-token-1', webhookEventId: '01JABCDEFGHJKMNPQRSTVWXYZ0' };
const STATS = {
  scrubbed: true,
  mode: 'active',
  webhookEventId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  deliveryContext: { isRedelivery: false },
  source: { type: 'user' },
};

describe('eventStub', () => {
  it('keeps the type of a text message and nothing of its text, ids, user or reply token', () => {
    const event = events.text(
      { ...common, timestamp: 1_765_000_000_000 },
      'はなの誕生日は2025-10-01、電話 090-1234-5678',
    );
    const stub = eventStub(event);
    expect(stub).toEqual({
      ...STATS,
      type: 'message',
      timestamp: 1_765_000_000_000,
      message: { type: 'text' },
    });
    const json = JSON.stringify(stub);
    for (const secret of ['090', 'はな', '2025-10-01', USER, 'reply-token-1', 'quoteToken']) {
      expect(json).not.toContain(secret);
    }
  });

  it('drops a location, a sticker and an image down to their types', () => {
    const location = events.custom(common, 'message', {
      message: {
        type: 'location',
        id: '1',
        title: '自宅',
        address: '春日市原町3丁目1-5',
        latitude: 33.5,
        longitude: 130.4,
      },
    });
    expect(eventStub(location).message).toEqual({ type: 'location' });
    expect(JSON.stringify(eventStub(location))).not.toMatch(/原町|33\.5|130\.4|自宅/);
    expect(eventStub(events.sticker(common)).message).toEqual({ type: 'sticker' });
    expect(eventStub(events.image(common, '98765')).message).toEqual({ type: 'image' });
  });

  it("drops a date picker's params (a birth date) and the postback fields that name a child, a session or a district", () => {
    const data = featureData({ do: 'birth', c: '42' });
    const picked = { ...events.postback(common, data), postback: { data, params: { date: '2025-10-01' } } };
    const stub = eventStub(picked);
    expect(stub.postback).toEqual({ data: 'action=feature&feature=childcare&do=birth' });
    expect(JSON.stringify(stub)).not.toContain('2025-10-01');
    expect(
      eventStub(events.postback(common, childFlowData('k1234567', { op: 'district', d: 'sugu' }))).postback,
    ).toEqual({
      data: 'action=flow&flow=childcare-child&op=district',
    });
  });

  it.each([
    [menuPostbackData('myChildren'), 'action=menu&item=myChildren'],
    [tabPostbackData('mine'), 'action=tab&tab=mine'],
    ['action=set-language&lang=ja-easy', 'action=set-language&lang=ja-easy'],
    [topicData('checkups'), 'action=feature&feature=childcare&topic=checkups'],
    [
      featureData({ do: 'consent', v: '2026-12-03', next: 'add' }),
      'action=feature&feature=childcare&do=consent',
    ],
    [featureData({ do: 'del-yes', c: '7' }), 'action=feature&feature=childcare&do=del-yes'],
    [reportFlowData('abcdefgh', { op: 'metoo', r: '123' }), 'action=flow&flow=report&op=metoo'],
    [reportFlowData('abcdefgh', { op: 'cat', c: 'road' }), 'action=flow&flow=report&op=cat'],
    [reservationFlowData('abcdefgh', { op: 'book', slot: '99' }), 'action=flow&flow=reservation&op=book'],
    [
      reservationFlowData('abcdefgh', { op: 'day', d: '2027-01-05', page: '0' }),
      'action=flow&flow=reservation&op=day',
    ],
  ])('keeps only what was tapped of %s', (data, kept) => {
    expect(keptPostbackData(data)).toBe(kept);
  });

  it('keeps only identifiers as postback values, never free text', () => {
    expect(keptPostbackData(`action=menu&item=${encodeURIComponent('山田 090-1234')}`)).toBe('action=menu');
  });

  it('keeps follow and unfollow as what they are', () => {
    expect(eventStub(events.follow(common))).toEqual({
      ...STATS,
      type: 'follow',
      timestamp: expect.any(Number),
      follow: { isUnblocked: false },
    });
    expect(eventStub(events.unfollow(common))).toEqual({
      ...STATS,
      type: 'unfollow',
      timestamp: expect.any(Number),
    });
  });

  it('gives a stub for anything, dropping fields it does not know or cannot trust', () => {
    expect(eventStub(null)).toEqual({ scrubbed: true });
    expect(eventStub('text')).toEqual({ scrubbed: true });
    expect(
      eventStub({ type: 'message', message: { type: 'ほげ 090' }, unknownField: 'secret', source: 5 }),
    ).toEqual({
      scrubbed: true,
      type: 'message',
    });
  });
});

describe('messagesStub', () => {
  it('keeps one entry per message with its type only', () => {
    const messages = [
      { type: 'text', text: 'はなちゃんの登録を削除しました', quickReply: { items: [] } },
      { type: 'flex', altText: 'はな', contents: { type: 'bubble' } },
    ];
    expect(messagesStub(messages)).toEqual([
      { type: 'text', scrubbed: true },
      { type: 'flex', scrubbed: true },
    ]);
    expect(messagesStub([{ text: 'no type' }, 'x'])).toEqual([
      { type: 'unknown', scrubbed: true },
      { type: 'unknown', scrubbed: true },
    ]);
    expect(messagesStub({ not: 'an array' })).toEqual([]);
  });
});
