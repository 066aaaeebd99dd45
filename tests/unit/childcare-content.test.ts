// 子育て情報 content files: they load in every language, agree on topics, and a broken file names file + field.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ChildcareContentError,
  CONTENT_DIR,
  loadChildcareContent,
  loadContentFile,
} from '../../src/features/childcare/content.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';

const TOPICS = ['pregnancy', 'checkups', 'vaccination', 'daycare', 'allowances', 'consultation', 'play'];

function copyContent(edit: (lang: string, content: Record<string, unknown>) => void): URL {
  const dir = mkdtempSync(join(tmpdir(), 'childcare-'));
  for (const lang of LANGUAGES) {
    const content = JSON.parse(readFileSync(new URL(`${lang}.json`, CONTENT_DIR), 'utf8'));
    edit(lang, content);
    writeFileSync(join(dir, `${lang}.json`), JSON.stringify(content));
  }
  return pathToFileURL(`${dir}/`);
}

describe('childcare content', () => {
  it('loads the seven topics in every language, in the same order', () => {
    const library = loadChildcareContent();
    for (const lang of LANGUAGES) {
      expect(library[lang].topics.map((t) => t.id)).toEqual(TOPICS);
      for (const topic of library[lang].topics) expect(topic.items.length).toBeGreaterThan(0);
    }
    expect(library.ja.topics[0]?.title).toBe('妊娠・出産');
    expect(library.en.topics[0]?.title).toBe('Pregnancy and birth');
  });

  it('names the file and the field of a mistake', () => {
    const dir = copyContent((lang, content) => {
      if (lang !== 'en') return;
      const topics = content.topics as Array<{ items: Array<Record<string, unknown>> }>;
      const item = topics[2]?.items[0];
      if (item) item.tel = 'call us';
    });
    const load = () => loadChildcareContent(dir);
    expect(load).toThrow(ChildcareContentError);
    expect(load).toThrow(/en\.json: field "topics\[2\]\.items\[0\]\.tel"/);
  });

  it('refuses a missing field, an unknown field and a non-https link', () => {
    const missing = copyContent((lang, content) => {
      if (lang === 'ja') delete (content.topics as Array<Record<string, unknown>>)[0]?.title;
    });
    expect(() => loadChildcareContent(missing)).toThrow(/ja\.json: field "topics\[0\]\.title"/);
    const extra = copyContent((lang, content) => {
      const topic = (content.topics as Array<Record<string, unknown>>)[1];
      if (lang === 'ja-easy' && topic) topic.colour = 'red';
    });
    expect(() => loadChildcareContent(extra)).toThrow(/ja-easy\.json: field "topics\[1\]"/);
    const http = copyContent((lang, content) => {
      const topics = content.topics as Array<{ items: Array<Record<string, unknown>> }>;
      const item = topics[0]?.items[0];
      if (lang === 'ja' && item) item.url = 'http://example.com/';
    });
    expect(() => loadChildcareContent(http)).toThrow(/ja\.json: field "topics\[0\]\.items\[0\]\.url"/);
  });

  it('refuses languages that disagree on the topics', () => {
    const dir = copyContent((lang, content) => {
      if (lang === 'en') (content.topics as unknown[]).pop();
    });
    expect(() => loadChildcareContent(dir)).toThrow(/en\.json: field "topics": ids/);
  });

  it('refuses a file that is not JSON, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'childcare-'));
    writeFileSync(join(dir, 'ja.json'), '{ "topics": [');
    expect(() => loadContentFile(join(dir, 'ja.json'))).toThrow(/ja\.json: not readable JSON/);
  });
});
