// Content-hashed menu names: stable for equal content, new for any change, and recognisable as ours.
import { describe, expect, it } from 'vitest';
import { parseRichMenuName, richMenuContentHash, richMenuName } from '../../src/line/richmenu/names.ts';
import { buildRichMenuRequests } from '../../src/line/richmenu/requests.ts';

describe('richMenuContentHash', () => {
  const request = buildRichMenuRequests('ja').main;
  const image = Buffer.from([1, 2, 3]);

  it('is 8 hex digits that ignore key order and the name', () => {
    const hash = richMenuContentHash(request, image);
    expect(hash).toMatch(/^[0-9a-f]{8}$/);
    const reordered = Object.fromEntries(Object.entries(request).reverse());
    expect(richMenuContentHash(reordered, image)).toBe(hash);
    expect(richMenuContentHash({ ...request, name: 'main-ja-00000000' }, image)).toBe(hash);
  });

  it('changes when the image or any field changes', () => {
    const hash = richMenuContentHash(request, image);
    expect(richMenuContentHash(request, Buffer.from([1, 2, 4]))).not.toBe(hash);
    expect(richMenuContentHash({ ...request, chatBarText: 'メニュー!' }, image)).not.toBe(hash);
  });
});

describe('rich menu names', () => {
  it('round-trips every tab and language, ja-easy included', () => {
    expect(richMenuName('main', 'ja-easy', '0123abcd')).toBe('main-ja-easy-0123abcd');
    expect(parseRichMenuName('main-ja-easy-0123abcd')).toEqual({
      tab: 'main',
      lang: 'ja-easy',
      hash: '0123abcd',
    });
    expect(parseRichMenuName('mine-en-ffffffff')).toEqual({ tab: 'mine', lang: 'en', hash: 'ffffffff' });
  });

  it('does not claim menus made by anyone else', () => {
    for (const name of [
      'main-ja',
      'disaster-ja-0123abcd',
      'main-fr-0123abcd',
      'main-ja-0123ABCD',
      'x-main-ja-01234567',
    ]) {
      expect(parseRichMenuName(name), name).toBeNull();
    }
  });
});
