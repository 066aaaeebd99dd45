// 子育て情報 menus: every topic renders in every language within LINE's limits (and the OpenAPI schema).
import { describe, expect, it } from 'vitest';
import { parsePostbackData } from '../../src/events/postback-data.ts';
import { loadChildcareContent } from '../../src/features/childcare/content.ts';
import { topicData, topicMessage, topicsMessage } from '../../src/features/childcare/menu.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { checkMessages } from '../../src/line/message-limits.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { openApiAvailable, validateOpenApi } from '../helpers/line-openapi.ts';

const library = loadChildcareContent();
const cases = LANGUAGES.flatMap((lang) => library[lang].topics.map((topic) => [lang, topic.id] as const));

function uris(node: unknown): string[] {
  return (
    JSON.stringify(node)
      .match(/"uri":"[^"]*"/g)
      ?.map((m) => m.slice(7, -1)) ?? []
  );
}

describe('childcare menus', () => {
  it('topic buttons are stateless feature postbacks the router understands', () => {
    expect(parsePostbackData(topicData('play'))).toEqual({
      action: 'feature',
      feature: 'childcare',
      topic: 'play',
    });
  });

  it.each(LANGUAGES)('the topic carousel offers all seven topics (%s)', (lang) => {
    const message = topicsMessage(library, lang);
    expect(checkMessages([message])).toEqual([]);
    expect(bubblesOf(message)).toHaveLength(7);
    expect(postbacksOf(message).map((p) => parsePostbackData(p.data))).toEqual(
      library[lang].topics.map((t) => ({ action: 'feature', feature: 'childcare', topic: t.id })),
    );
    if (openApiAvailable) expect(validateOpenApi('FlexMessage', message)).toEqual([]);
  });

  it.each(cases)('in %s, topic %s shows its items with hours, page and phone', (lang, id) => {
    const topic = library[lang].topics.find((t) => t.id === id);
    const message = topicMessage(library, lang, id);
    expect(message).not.toBeNull();
    expect(checkMessages([message])).toEqual([]);
    const bubbles = bubblesOf(message);
    expect(bubbles).toHaveLength(topic?.items.length ?? -1);
    topic?.items.forEach((item, i) => {
      expect(textOf(bubbles[i])).toContain(item.title);
      expect(textOf(bubbles[i])).toContain(item.hours);
      expect(uris(bubbles[i])).toEqual([item.url, `tel:${item.tel.replaceAll('-', '')}`]);
    });
    if (openApiAvailable) expect(validateOpenApi('Message', message)).toEqual([]);
  });

  it('answers null for a topic it does not know', () => {
    expect(topicMessage(library, 'ja', 'nope')).toBeNull();
  });
});
