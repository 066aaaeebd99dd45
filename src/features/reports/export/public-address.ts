// The address a published report shows: coarsened to the town and 丁目 (「春日市原町3丁目」) so that no house,
// 番地 or building is named, or a known public place's name; anything else (a title the resident chose, an
// address this cannot read) publishes nothing.
import type { PlaceNames } from '../catalog/place-names.ts';

const KANJI_DIGITS = '一二三四五六七八九';

// 「桜ケ丘」「桜ヶ丘」「桜が丘」 name the same town: compared with one spelling, character for character.
const foldVariants = (text: string) => text.replace(/[ヶヵが]/g, 'ケ');

/** NFKC turns full-width digits and hyphens into ASCII; spaces never separate parts of a Japanese address. */
function normalize(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** 1–29 written as digits or kanji (三, 十二, 二十一); anything else is not a 丁目 number. */
function chomeNumber(written: string): number | null {
  if (/^\d{1,2}$/.test(written)) return Number(written);
  const match = /^(?:([一二])?(十))?([一二三四五六七八九])?$/.exec(written);
  if (!match) return null;
  const [, tensDigit, ten, ones] = match;
  const tens = ten ? (tensDigit ? KANJI_DIGITS.indexOf(tensDigit) + 1 : 1) : 0;
  const value = tens * 10 + (ones ? KANJI_DIGITS.indexOf(ones) + 1 : 0);
  return value > 0 ? value : null;
}

function stripPrefixes(text: string, places: PlaceNames): string {
  return text
    .replace(/^(日本|Japan)[、,]?/, '')
    .replace(/^〒?\d{3}-?\d{4}/, '')
    .replace(new RegExp(`^${escapeRegExp(places.prefecture)}`), '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * 「福岡県春日市原町3丁目1-5 ○○ハイツ」 → 「春日市原町3丁目」; 「春日市大字下白水209」 → 「春日市下白水」;
 * 「春日市役所」 (a known public place) → itself; a free title or an unknown town → null.
 */
export function publicAddress(address: string | null, places: PlaceNames): string | null {
  if (!address) return null;
  const text = normalize(address);
  const place = places.publicPlaces.find((p) => foldVariants(normalize(p)) === foldVariants(text));
  if (place) return place;

  const rest = stripPrefixes(text, places);
  if (!rest.startsWith(places.city)) return null;
  const afterCity = rest.slice(places.city.length).replace(/^大字/, '');
  const folded = foldVariants(afterCity);
  // The longest name that matches: 「春日原北町」, not 「春日」.
  const town = places.towns
    .filter((t) => folded.startsWith(foldVariants(normalize(t))))
    .sort((a, b) => normalize(b).length - normalize(a).length)[0];
  if (!town) return null;
  const afterTown = afterCity.slice(normalize(town).length);
  // Only a 丁目 written as such: in 「原町3-1-5」 the 3 is most likely the 丁目 but could be a 番地.
  const chome = /^(\d{1,2}|[一二三四五六七八九十]{1,3})丁目/.exec(afterTown);
  const n = chome?.[1] ? chomeNumber(chome[1]) : null;
  return `${places.city}${town}${n ? `${n}丁目` : ''}`;
}
