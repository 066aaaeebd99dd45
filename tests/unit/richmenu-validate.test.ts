// LINE's rich menu rules as checked before sending: image headers and sizes, request bounds, labels, aliases.

import type { messagingApi } from '@line/bot-sdk';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { buildRichMenuRequests } from '../../src/line/richmenu/requests.ts';
import { checkRichMenuImage, checkRichMenuRequest, readImageInfo } from '../../src/line/richmenu/validate.ts';

function image(width: number, height: number, format: 'png' | 'jpeg'): Buffer {
  const canvas = createCanvas(width, height);
  canvas.getContext('2d').fillRect(0, 0, 10, 10);
  return format === 'png' ? canvas.encodeSync('png') : canvas.encodeSync('jpeg', 80);
}

describe('readImageInfo', () => {
  it('reads PNG and JPEG sizes and refuses anything else', () => {
    expect(readImageInfo(image(1200, 810, 'png'))).toEqual({ format: 'png', width: 1200, height: 810 });
    expect(readImageInfo(image(1200, 405, 'jpeg'))).toEqual({ format: 'jpeg', width: 1200, height: 405 });
    expect(readImageInfo(Buffer.from('GIF89a not a rich menu'))).toBeNull();
  });
});

describe('checkRichMenuImage', () => {
  const size = { width: 1200, height: 810 };
  it('accepts a PNG or JPEG of the menu size', () => {
    expect(checkRichMenuImage(image(1200, 810, 'png'), size)).toEqual([]);
    expect(checkRichMenuImage(image(1200, 810, 'jpeg'), size)).toEqual([]);
  });

  it('rejects other formats, other sizes, bad ratios, narrow and heavy images', () => {
    expect(checkRichMenuImage(Buffer.from('hello'), size)).toEqual(['image is neither PNG nor JPEG']);
    expect(checkRichMenuImage(image(1250, 843, 'png'), size).join()).toMatch(/but the menu is 1200×810/);
    expect(checkRichMenuImage(image(1000, 800, 'png'), { width: 1000, height: 800 }).join()).toMatch(
      /below 1.45/,
    );
    expect(checkRichMenuImage(image(700, 250, 'png'), { width: 700, height: 250 }).join()).toMatch(
      /outside 800/,
    );
    const heavy = Buffer.concat([image(1200, 810, 'png'), Buffer.alloc(1_000_001)]);
    expect(checkRichMenuImage(heavy, size).join()).toMatch(/over 1000000/);
  });
});

describe('checkRichMenuRequest', () => {
  const valid = (): messagingApi.RichMenuRequest => structuredClone(buildRichMenuRequests('ja').main);

  it('finds nothing wrong with the built requests', () => {
    expect(checkRichMenuRequest(valid())).toEqual([]);
  });

  it('catches overlaps, areas outside the image and too many areas', () => {
    const overlapping = valid();
    overlapping.areas?.push({
      bounds: { x: 10, y: 10, width: 50, height: 50 },
      action: { type: 'postback', data: 'x' },
    });
    expect(checkRichMenuRequest(overlapping).join()).toMatch(/overlaps area 0/);

    const outside = valid();
    const first = outside.areas?.[0];
    if (first?.bounds) first.bounds.width = 5000;
    expect(checkRichMenuRequest(outside).join()).toMatch(/outside the 2500×1686 image/);

    const many = valid();
    many.areas = Array.from({ length: 21 }, (_, i) => ({
      bounds: { x: i * 100, y: 0, width: 100, height: 100 },
      action: { type: 'postback', data: `n=${i}` },
    }));
    expect(checkRichMenuRequest(many).join()).toMatch(/21 areas/);
  });

  it('catches long labels, long chat bar text, bad aliases and long names', () => {
    const request = valid();
    request.chatBarText = 'とても長いチャットバーのテキストです';
    request.name = 'x'.repeat(301);
    const [tab, , item] = request.areas ?? [];
    if (tab?.action?.type === 'richmenuswitch') tab.action.richMenuAliasId = 'Main JA';
    if (item?.action) item.action.label = 'ラベルが二十文字を超えるととても長くなってしまいます';
    const problems = checkRichMenuRequest(request).join('\n');
    expect(problems).toMatch(/chatBarText/);
    expect(problems).toMatch(/name is not 1–300/);
    expect(problems).toMatch(/richMenuAliasId "Main JA"/);
    expect(problems).toMatch(/label .* is not 1–20/);
  });
});
