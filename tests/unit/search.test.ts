// The generic search: normalisation of Japanese spelling variants, bigram/word tokens, BM25 ranking over weighted
// fields, synonyms, and a confidence that separates a real match from a chance one.
import { describe, expect, it } from 'vitest';
import { normalizeText, SearchIndex, tokenize } from '../../src/search/index.ts';

describe('normalizeText', () => {
  it('folds width, case, katakana, small kana and long vowels', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc123');
    expect(normalizeText('ｺﾞﾐ')).toBe('ごみ');
    expect(normalizeText('ゴミ')).toBe(normalizeText('ごみ'));
    expect(normalizeText('サーバー')).toBe(normalizeText('サーバ'));
    expect(normalizeText('コ〜ヒ〜')).toBe(normalizeText('コーヒー'));
    expect(normalizeText('ヴァイオリン')).toBe(normalizeText('ヴアイオリン'));
    expect(normalizeText('住民票は？！')).toBe('住民票は');
    expect(normalizeText('Moving  OUT!')).toBe('moving out');
  });
});

describe('tokenize', () => {
  it('cuts Japanese into bigrams and Latin text into words without stopwords', () => {
    expect(tokenize('住民票')).toEqual(['住民', '民票']);
    expect(tokenize('税')).toEqual(['税']);
    expect(tokenize('How do I get my taxes?')).toEqual(['tax']);
    expect(tokenize('3歳児健診')).toEqual(['3', '歳児', '児健', '健診']);
  });
});

const fields = [
  { name: 'question', weight: 3 },
  { name: 'phrasings', weight: 2 },
  { name: 'answer', weight: 1 },
];

const docs = [
  {
    id: 'juminhyo',
    fields: {
      question: '住民票の写しを取りたい',
      phrasings: ['住民票がほしい'],
      answer: '市民課の窓口で請求できます。',
    },
  },
  {
    id: 'sodai',
    fields: {
      question: '粗大ごみの出し方',
      phrasings: ['大きいごみを捨てたい'],
      answer: '事前に申し込みが必要です。',
    },
  },
  {
    id: 'moyasu',
    fields: { question: '燃えるごみの日', phrasings: ['可燃ごみの収集日'], answer: '地区ごとに週2回です。' },
  },
  {
    id: 'hinanjo',
    fields: {
      question: '避難所はどこですか',
      phrasings: ['避難場所を知りたい'],
      answer: '市内の指定避難所の一覧です。',
    },
  },
  {
    id: 'passport',
    fields: { question: 'How do I apply for a passport?', answer: 'Apply at the passport counter.' },
  },
];

describe('SearchIndex', () => {
  const index = new SearchIndex({ fields, synonyms: [['粗大ごみ', 'おおきなごみ', '大型ごみ']] }, docs);

  it('ranks the matching document first whatever the kana or width', () => {
    expect(index.search('ジュウミンヒョウ').length).toBe(0);
    expect(index.search('住民票をとりたいです')[0]?.id).toBe('juminhyo');
    expect(index.search('ｿﾞﾐ')).toEqual([]);
    expect(index.search('燃えるゴミはいつ？')[0]?.id).toBe('moyasu');
    expect(index.search('避難所')[0]?.id).toBe('hinanjo');
  });

  it('weighs the question field above the answer', () => {
    const both = new SearchIndex({ fields }, [
      { id: 'in-answer', fields: { question: 'ほかの話', answer: '印鑑登録について' } },
      { id: 'in-question', fields: { question: '印鑑登録について', answer: 'ほかの話' } },
    ]);
    expect(both.search('印鑑登録').map((h) => h.id)).toEqual(['in-question', 'in-answer']);
  });

  it('finds a document through a synonym and counts it as covering the typed word', () => {
    const hits = index.search('大型ごみ');
    expect(hits[0]?.id).toBe('sodai');
    expect(hits[0]?.confidence).toBeGreaterThan(0.6);
  });

  it('answers English by words, with light stemming', () => {
    const hits = index.search('passports application');
    expect(hits[0]?.id).toBe('passport');
  });

  it('is confident for a full match and not for a chance overlap', () => {
    const good = index.search('住民票の写し');
    expect(good[0]?.confidence).toBeGreaterThan(0.8);
    const chance = index.search('市長の好きな食べ物はなんですか');
    expect(chance[0]?.confidence ?? 0).toBeLessThan(0.4);
    expect(index.search('')).toEqual([]);
    expect(index.search('？？')).toEqual([]);
  });

  it('limits the hits and is stable on ties', () => {
    expect(index.search('ごみ', 1)).toHaveLength(1);
    expect(index.search('ごみ').map((h) => h.id)).toEqual(index.search('ごみ').map((h) => h.id));
    expect(new SearchIndex({ fields }, []).search('ごみ')).toEqual([]);
  });
});
