// Unit tests for the LINE message-limit checker: every limit at its edge, inside and outside.
import { describe, expect, it } from 'vitest';
import { assertMessages, checkMessages, LIMITS, MessageLimitError } from '../../src/line/message-limits.ts';

const text = (t: string) => ({ type: 'text', text: t });
const button = (action: Record<string, unknown>) => ({ type: 'button', action });
const bubbleWith = (...contents: unknown[]) => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents },
});
const flex = (contents: unknown, altText = 'alt') => ({ type: 'flex', altText, contents });
const flexWith = (...components: unknown[]) => flex(bubbleWith(...components));
const postback = (extra: Record<string, unknown> = {}) => ({
  type: 'postback',
  label: 'OK',
  data: 'a=1',
  ...extra,
});
const quick = (...actions: Record<string, unknown>[]) => ({
  ...text('hi'),
  quickReply: { items: actions.map((action) => ({ type: 'action', action })) },
});
/** A bubble whose JSON is exactly `bytes` UTF-8 bytes long. */
function bubbleOfBytes(bytes: number): Record<string, unknown> {
  const base = bubbleWith({ type: 'text', text: '' });
  const overhead = Buffer.byteLength(JSON.stringify(base));
  return bubbleWith({ type: 'text', text: 'x'.repeat(bytes - overhead) });
}

const ok = (messages: unknown[]) => expect(checkMessages(messages)).toEqual([]);
const bad = (messages: unknown[], pattern: RegExp) => {
  const violations = checkMessages(messages);
  expect(violations.length).toBeGreaterThan(0);
  expect(violations.join('\n')).toMatch(pattern);
};

describe('message count', () => {
  it('accepts 1 and 5 messages, rejects 0 and 6', () => {
    ok([text('a')]);
    ok(Array.from({ length: 5 }, () => text('a')));
    bad([], /messages: 0 messages/);
    bad(
      Array.from({ length: 6 }, () => text('a')),
      /messages: 6 messages/,
    );
  });
});

describe('message type', () => {
  it('rejects an unknown or missing type', () => {
    bad([{ type: 'hologram' }], /messages\[0\]\.type: unknown message type "hologram"/);
    bad([{ text: 'x' }], /unknown message type/);
    bad(['just a string'], /must be an object/);
  });
  it('accepts every known type in its simplest valid form', () => {
    const url = 'https://example.com/a.jpg';
    ok([
      text('a'),
      { type: 'sticker', packageId: '446', stickerId: '1988' },
      { type: 'image', originalContentUrl: url, previewImageUrl: url },
      { type: 'video', originalContentUrl: url, previewImageUrl: url },
      { type: 'audio', originalContentUrl: url, duration: 1000 },
    ]);
    ok([
      { type: 'location', title: '春日市役所', address: '春日市', latitude: 33.5, longitude: 130.4 },
      { type: 'textV2', text: 'hello' },
      {
        type: 'imagemap',
        altText: 'map',
        baseUrl: 'https://e.com/m',
        baseSize: { width: 1040, height: 1040 },
        actions: [],
      },
      {
        type: 'template',
        altText: 'alt',
        template: { type: 'confirm', text: '?', actions: [postback(), postback()] },
      },
      flexWith({ type: 'text', text: 'hi' }),
    ]);
  });
});

describe('text', () => {
  it('allows 1 to 5000 UTF-16 code units', () => {
    ok([text('a')]);
    ok([text('a'.repeat(LIMITS.text))]);
    bad([text('')], /messages\[0\]\.text/);
    bad([text('a'.repeat(LIMITS.text + 1))], /messages\[0\]\.text/);
  });
  it('counts a surrogate pair as two units', () => {
    ok([text('😀'.repeat(2500))]);
    bad([text(`${'😀'.repeat(2500)}a`)], /text/);
  });
});

describe('altText', () => {
  const bubble = bubbleWith({ type: 'text', text: 'hi' });
  it('allows 1 to 1500 characters for flex, template and imagemap', () => {
    ok([flex(bubble, 'a'.repeat(LIMITS.altText))]);
    bad([flex(bubble, '')], /altText/);
    bad([flex(bubble, 'a'.repeat(LIMITS.altText + 1))], /altText/);
    bad([{ ...flex(bubble), altText: undefined }], /altText/);
    const template = { type: 'confirm', text: '?', actions: [postback(), postback()] };
    ok([{ type: 'template', altText: 'a'.repeat(1500), template }]);
    bad([{ type: 'template', altText: 'a'.repeat(1501), template }], /altText/);
    const map = {
      type: 'imagemap',
      baseUrl: 'https://e.com/m',
      baseSize: { width: 1040, height: 1040 },
      actions: [],
    };
    bad([{ ...map, altText: 'a'.repeat(1501) }], /altText/);
    bad([{ ...map, altText: '' }], /altText/);
  });
});

describe('flex sizes', () => {
  it('allows a bubble of exactly 30 KB and rejects one byte more', () => {
    const edge = bubbleOfBytes(LIMITS.bubbleBytes);
    expect(Buffer.byteLength(JSON.stringify(edge))).toBe(LIMITS.bubbleBytes);
    ok([flex(edge)]);
    bad([flex(bubbleOfBytes(LIMITS.bubbleBytes + 1))], /bubble JSON is 30001 bytes/);
  });
  it('counts UTF-8 bytes, not characters', () => {
    // 10,001 kanji are 30,003 bytes: over the limit although far below 30,000 characters.
    bad([flexWith({ type: 'text', text: '市'.repeat(10_001) })], /bubble JSON/);
  });
  it('allows 1 to 12 bubbles in a carousel', () => {
    const small = bubbleWith({ type: 'text', text: 'hi' });
    ok([flex({ type: 'carousel', contents: Array.from({ length: 12 }, () => small) })]);
    bad([flex({ type: 'carousel', contents: Array.from({ length: 13 }, () => small) })], /13 bubbles/);
    bad([flex({ type: 'carousel', contents: [] })], /0 bubbles/);
  });
  it('allows a carousel up to 50 KB', () => {
    const part = bubbleOfBytes(10_000);
    const carousel = (bubbles: unknown[]) => ({ type: 'carousel', contents: bubbles });
    const overhead =
      Buffer.byteLength(JSON.stringify(carousel([part, part, part, part, bubbleOfBytes(100)]))) - 100;
    const lastSize = LIMITS.carouselBytes - overhead;
    const edge = carousel([part, part, part, part, bubbleOfBytes(lastSize)]);
    expect(Buffer.byteLength(JSON.stringify(edge))).toBe(LIMITS.carouselBytes);
    ok([flex(edge)]);
    bad(
      [flex(carousel([part, part, part, part, bubbleOfBytes(lastSize + 1)]))],
      /carousel JSON is 50001 bytes/,
    );
  });
  it('rejects a non-bubble inside a carousel and an unknown container', () => {
    bad(
      [flex({ type: 'carousel', contents: [{ type: 'box', layout: 'vertical', contents: [] }] })],
      /expected a Flex bubble/,
    );
    bad([flex({ type: 'poster' })], /must be "bubble" or "carousel"/);
  });
});

describe('flex components', () => {
  it('walks boxes recursively and rejects unknown component types', () => {
    const nested = {
      type: 'box',
      layout: 'vertical',
      contents: [{ type: 'box', layout: 'horizontal', contents: [{ type: 'widget' }] }],
    };
    bad(
      [flexWith(nested)],
      /body\.contents\[0\]\.contents\[0\]\.contents\[0\]\.type: unknown Flex component/,
    );
  });
  it('limits Flex button labels to 40', () => {
    ok([flexWith(button(postback({ label: 'a'.repeat(LIMITS.flexButtonLabel) })))]);
    bad([flexWith(button(postback({ label: 'a'.repeat(LIMITS.flexButtonLabel + 1) })))], /action\.label/);
    bad([flexWith(button(postback({ label: undefined })))], /action\.label/);
  });
  it('checks actions of any component, header/footer blocks and the bubble itself', () => {
    const longData = postback({ data: 'a'.repeat(301) });
    bad(
      [flexWith({ type: 'box', layout: 'vertical', contents: [], action: longData })],
      /body\.contents\[0\]\.action\.data/,
    );
    const footer = {
      type: 'bubble',
      footer: { type: 'box', layout: 'vertical', contents: [button(longData)] },
    };
    bad([flex(footer)], /footer\.contents\[0\]\.action\.data/);
    bad([flex({ type: 'bubble', action: longData })], /contents\.action\.data/);
    const header = {
      type: 'bubble',
      header: { type: 'box', layout: 'vertical', contents: [{ type: 'image', url: 'http://x' }] },
    };
    bad([flex(header)], /header\.contents\[0\]\.url: must be an https URL/);
  });
  it('requires https image URLs of at most 2000 characters', () => {
    const url = (n: number) => `https://e.com/${'a'.repeat(n - 'https://e.com/'.length)}`;
    ok([flexWith({ type: 'image', url: url(LIMITS.mediaUrl) })]);
    bad([flexWith({ type: 'image', url: url(LIMITS.mediaUrl + 1) })], /url/);
    bad(
      [{ type: 'image', originalContentUrl: 'http://e.com/a.jpg', previewImageUrl: 'https://e.com/a.jpg' }],
      /originalContentUrl/,
    );
    bad(
      [{ type: 'video', originalContentUrl: url(2001), previewImageUrl: 'https://e.com/a.jpg' }],
      /originalContentUrl/,
    );
  });
  it('rejects a text component without text', () => {
    bad([flexWith({ type: 'text', text: '' })], /non-empty text/);
    ok([flexWith({ type: 'text', contents: [{ type: 'span', text: 'hi' }] })]);
  });
});

describe('actions', () => {
  it('limits postback data and displayText to 300', () => {
    ok([flexWith(button(postback({ data: 'a'.repeat(300), displayText: 'b'.repeat(300) })))]);
    bad([flexWith(button(postback({ data: 'a'.repeat(301) })))], /action\.data/);
    bad([flexWith(button(postback({ displayText: 'b'.repeat(301) })))], /action\.displayText/);
    bad([flexWith(button(postback({ data: '' })))], /action\.data/);
  });
  it('limits URIs to 1000 characters with scheme http, https, line or tel', () => {
    const uri = (u: string) => button({ type: 'uri', label: 'Open', uri: u });
    for (const u of ['http://e.com', 'https://e.com', 'line://nv/location', 'tel:0925841111'])
      ok([flexWith(uri(u))]);
    ok([flexWith(uri(`https://e.com/${'a'.repeat(1000 - 14)}`))]);
    bad([flexWith(uri(`https://e.com/${'a'.repeat(1001 - 14)}`))], /action\.uri/);
    bad([flexWith(uri('javascript:alert(1)'))], /scheme must be/);
    bad([flexWith(uri('ftp://e.com'))], /scheme must be/);
    bad(
      [
        flexWith(
          button({ type: 'uri', label: 'x', uri: 'https://e.com', altUri: { desktop: 'file:///etc' } }),
        ),
      ],
      /altUri\.desktop/,
    );
  });
  it('rejects unknown action types', () => {
    bad([flexWith(button({ type: 'teleport', label: 'x' }))], /action type "teleport" is not allowed/);
  });
});

describe('quick reply', () => {
  const item = (label: string) => ({ type: 'message', label, text: label });
  it('allows 1 to 13 items', () => {
    ok([quick(...Array.from({ length: 13 }, (_, i) => item(`q${i}`)))]);
    bad([quick(...Array.from({ length: 14 }, (_, i) => item(`q${i}`)))], /14 items/);
    bad([quick()], /0 items/);
  });
  it('limits labels to 20 and requires them', () => {
    ok([quick(item('a'.repeat(20)))]);
    bad([quick(item('a'.repeat(21)))], /quickReply\.items\[0\]\.action\.label/);
    bad([quick({ type: 'camera' })], /action\.label/);
    ok([quick({ type: 'camera', label: 'Camera' }, { type: 'location', label: 'Location' })]);
  });
  it('only accepts allowed action types and items of type action', () => {
    bad([quick({ type: 'richmenuswitch', label: 'x', richMenuAliasId: 'a', data: 'b' })], /not allowed here/);
    bad(
      [{ ...text('hi'), quickReply: { items: [{ type: 'button', action: item('x') }] } }],
      /must be "action"/,
    );
    bad([{ ...text('hi'), quickReply: { items: 'nope' } }], /quickReply\.items/);
  });
});

describe('template messages', () => {
  it('limits template action labels to 20 and the number of actions', () => {
    const buttons = (actions: unknown[]) => ({
      type: 'template',
      altText: 'a',
      template: { type: 'buttons', text: 'hi', actions },
    });
    ok([buttons([postback({ label: 'a'.repeat(20) })])]);
    bad([buttons([postback({ label: 'a'.repeat(21) })])], /actions\[0\]\.label/);
    bad([buttons(Array.from({ length: 5 }, () => postback()))], /5 actions/);
    const carousel = (n: number) => ({
      type: 'template',
      altText: 'a',
      template: {
        type: 'carousel',
        columns: Array.from({ length: n }, () => ({ text: 'x', actions: [postback()] })),
      },
    });
    ok([carousel(10)]);
    bad([carousel(11)], /columns/);
  });
});

describe('assertMessages', () => {
  it('passes silently on valid messages', () => {
    expect(() => assertMessages([text('hello')])).not.toThrow();
  });
  it('throws MessageLimitError with every violation', () => {
    try {
      assertMessages([text(''), { type: 'nope' }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MessageLimitError);
      const e = error as MessageLimitError;
      expect(e.code).toBe('MESSAGE_LIMIT');
      expect(e.violations).toHaveLength(2);
      expect(e.message).toContain('messages[1].type');
    }
  });
});
