// Postback data: URLSearchParams text validated by zod; anything else is refused, never half-understood.
import { describe, expect, it } from 'vitest';
import { parsePostbackData, postbackData } from '../../src/events/postback-data.ts';

describe('postback data', () => {
  it('parses the menu, language, tab and flow actions', () => {
    expect(parsePostbackData('action=menu&item=reports')).toEqual({ action: 'menu', item: 'reports' });
    expect(parsePostbackData('action=set-language&lang=ja-easy')).toEqual({
      action: 'set-language',
      lang: 'ja-easy',
    });
    expect(parsePostbackData('action=tab&tab=mine')).toEqual({ action: 'tab', tab: 'mine' });
    expect(parsePostbackData('action=flow&flow=report&step=photo&n=2')).toEqual({
      action: 'flow',
      flow: 'report',
      step: 'photo',
      n: '2',
    });
  });

  it.each([
    '',
    'garbage',
    'action=menu&item=unknown',
    'action=set-language&lang=fr',
    'action=nuke',
    'item=faq',
  ])('refuses %j', (data) => {
    expect(parsePostbackData(data)).toBeNull();
  });

  it('builds data within LINE’s 300 characters, or throws', () => {
    expect(postbackData({ action: 'menu', item: 'faq' })).toBe('action=menu&item=faq');
    expect(() => postbackData({ action: 'flow', flow: 'x', note: 'y'.repeat(300) })).toThrow(/over 300/);
  });
});
