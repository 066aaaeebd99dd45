// The published address of a report: the town and 丁目 of an address in the city, a known public place's
// name, or nothing — never a 番地, a building or a title the resident chose.
import { describe, expect, it } from 'vitest';
import { loadPlaceNames, publicAddress } from '../../src/features/reports/index.ts';

const places = loadPlaceNames();
const at = (address: string | null) => publicAddress(address, places);

describe('publicAddress', () => {
  it('keeps the town and 丁目 of an address LINE gives, dropping 番地, 号 and buildings', () => {
    expect(at('福岡県春日市原町3丁目1-5')).toBe('春日市原町3丁目');
    expect(at('日本、〒816-0861 福岡県春日市岡本３丁目５７ ○○マンション101号')).toBe('春日市岡本3丁目');
    expect(at('春日市原町三丁目1番地5')).toBe('春日市原町3丁目');
    expect(at('福岡県春日市上白水十丁目5')).toBe('春日市上白水10丁目');
    expect(at('福岡県 春日市 春日原北町 2丁目 3-4')).toBe('春日市春日原北町2丁目');
  });

  it('keeps only the town when no 丁目 is written (a number may be a 番地)', () => {
    expect(at('福岡県春日市原町3-1-5')).toBe('春日市原町');
    expect(at('春日市大字下白水209')).toBe('春日市下白水');
    expect(at('福岡県春日市上白水1309-78')).toBe('春日市上白水');
  });

  it('matches the longest town name and its other spellings', () => {
    expect(at('福岡県春日市春日公園5丁目19')).toBe('春日市春日公園5丁目');
    expect(at('福岡県春日市春日1丁目')).toBe('春日市春日1丁目');
    expect(at('春日市紅葉ヶ丘西2丁目52')).toBe('春日市紅葉ケ丘西2丁目');
    expect(at('春日市桜が丘1丁目')).toBe('春日市桜ケ丘1丁目');
  });

  it('publishes a known public place by its name', () => {
    expect(at('春日市役所')).toBe('春日市役所');
    expect(at(' 白水大池公園 ')).toBe('白水大池公園');
  });

  it('publishes nothing it cannot vouch for', () => {
    expect(at(null)).toBeNull();
    expect(at('')).toBeNull();
    expect(at('山田さんの家')).toBeNull();
    expect(at('春日市役所の裏の田中さん宅')).toBeNull();
    expect(at('春日市田中方')).toBeNull();
    expect(at('福岡県大野城市白木原5-37')).toBeNull();
    expect(at('3-chōme-1-5 Haramachi, Kasuga, Fukuoka 816-0814, Japan')).toBeNull();
  });
});
