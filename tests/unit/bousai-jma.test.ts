// JMA 防災情報XML reading and the disaster-mode rules, on stored documents in JMA's schema: the feed's watched
// entries, warnings and intensities for 春日市's codes, which rule matches (enter beats confirm), drills and
// other cities, and refused input (DTDs, not a Report).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJmaDocument } from '../../src/features/bousai/alerts/jma/document.ts';
import { isWatched, parseFeed } from '../../src/features/bousai/alerts/jma/feed.ts';
import { loadJmaRules, matchRules } from '../../src/features/bousai/alerts/jma/rules.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/jma/${name}`, import.meta.url), 'utf8');
const rules = loadJmaRules();

function matchesOf(name: string) {
  const doc = parseJmaDocument(fixture(name));
  if (!doc) throw new Error(`${name} is not a watched document`);
  return matchRules(doc, rules).map((m) => ({ ruleId: m.ruleId, action: m.action }));
}

describe('JMA feed', () => {
  it('lists the watched entries with their document links', () => {
    const entries = parseFeed(fixture('extra-feed.xml'));
    expect(entries).toHaveLength(3);
    const watched = entries.filter(isWatched);
    expect(watched.map((e) => e.link)).toEqual([
      'https://www.data.jma.go.jp/developer/xml/data/20260709163000_0_VPWW54_400000.xml',
      'https://www.data.jma.go.jp/developer/xml/data/20260709163500_0_VPWW54_400000.xml',
    ]);
    expect(watched[0]).toMatchObject({ title: '気象警報・注意報（Ｈ２７）', author: '福岡管区気象台' });
    expect(watched[0]?.updated?.toISOString()).toBe('2026-07-09T16:30:00.000Z');
    expect(
      parseFeed(fixture('eqvol-feed.xml'))
        .filter(isWatched)
        .map((e) => e.title),
    ).toEqual(['震度速報', '震源・震度に関する情報']);
  });

  it('refuses a DTD and a document that is not a feed or a Report', () => {
    expect(() => parseFeed('<!DOCTYPE x [<!ENTITY a "b">]><feed/>')).toThrow(/DTD/);
    expect(() => parseFeed('<html/>')).toThrow(/Atom/);
    expect(() => parseJmaDocument('<feed/>')).toThrow(/Report/);
  });
});

describe('JMA documents', () => {
  it('reads the municipal warnings of a 気象警報・注意報（Ｈ２７）', () => {
    const doc = parseJmaDocument(fixture('VPWW54-flood-warning.xml'));
    expect(doc).toMatchObject({ kind: 'warning', status: '通常', infoType: '発表' });
    if (doc?.kind !== 'warning') throw new Error('not a warning');
    const kasuga = doc.areas.find((a) => a.code === '4021800');
    expect(kasuga?.name).toBe('春日市');
    expect(kasuga?.kinds.map((k) => `${k.name}:${k.status}`)).toEqual([
      '大雨警報:発表',
      '洪水警報:発表',
      '雷注意報:継続',
    ]);
    // The 府県予報区等 block is not a municipality: left out.
    expect(doc.areas.map((a) => a.code)).toEqual(['4021800', '4021900']);
  });

  it('reads intensities per area (震度速報) and per city (震源・震度情報)', () => {
    const flash = parseJmaDocument(fixture('VXSE51-fukuoka-5plus.xml'));
    if (flash?.kind !== 'earthquake') throw new Error('not an earthquake');
    expect(flash.areas).toContainEqual({ code: '600', name: '福岡県福岡地方', maxInt: '5+' });
    expect(flash.cities).toEqual([]);
    const detail = parseJmaDocument(fixture('VXSE53-kasuga-6minus.xml'));
    if (detail?.kind !== 'earthquake') throw new Error('not an earthquake');
    expect(detail.cities).toContainEqual({ code: '4021800', name: '春日市', maxInt: '6-' });
    expect(detail.hypocenter).toBe('福岡県北西沖');
    expect(detail.magnitude).toBe('7.0');
  });
});

describe('disaster-mode rules', () => {
  it('大雨特別警報 for 春日市 enters disaster mode; 大雨・洪水警報 ask staff', () => {
    expect(matchesOf('VPWW54-heavy-rain-special.xml')).toEqual([{ ruleId: 'rain-special', action: 'enter' }]);
    expect(matchesOf('VPWW54-flood-warning.xml')).toEqual([
      { ruleId: 'heavy-rain-flood', action: 'confirm' },
    ]);
  });

  it('震度5強以上 in 春日市 enters; 5強 in 福岡地方 before the city is known asks staff', () => {
    expect(matchesOf('VXSE53-kasuga-6minus.xml')).toEqual([{ ruleId: 'quake-city-5plus', action: 'enter' }]);
    expect(matchesOf('VXSE51-fukuoka-5plus.xml')).toEqual([
      { ruleId: 'quake-area-5plus', action: 'confirm' },
    ]);
    // 6弱 in a neighbouring city: only the area rule (staff decide).
    expect(matchesOf('VXSE53-other-city-6minus.xml')).toEqual([
      { ruleId: 'quake-area-5plus', action: 'confirm' },
    ]);
  });

  it('ignores drills, tests and cancellations', () => {
    expect(matchesOf('VXSE53-kasuga-6minus-drill.xml')).toEqual([]);
    const cancelled = fixture('VXSE53-kasuga-6minus.xml').replace(
      '<InfoType>発表</InfoType>',
      '<InfoType>取消</InfoType>',
    );
    const doc = parseJmaDocument(cancelled);
    expect(doc && matchRules(doc, rules)).toEqual([]);
  });

  it('a continuing (継続) warning matches nothing: it was matched when issued', () => {
    const continuing = fixture('VPWW54-flood-warning.xml').replaceAll(
      '<Status>発表</Status>',
      '<Status>継続</Status>',
    );
    const doc = parseJmaDocument(continuing);
    expect(doc && matchRules(doc, rules)).toEqual([]);
  });
});
