// Reads a JMA 防災情報XML document into what the rules need: for 気象警報, the warnings issued per municipality;
// for 地震情報, the maximum intensity per municipality (震源・震度情報) and per area (震度速報).
import { child, children, JmaXmlError, parseXml, text, type XmlNode } from './xml.ts';

export type Intensity = '1' | '2' | '3' | '4' | '5-' | '5+' | '6-' | '6+' | '7';
export const INTENSITIES: readonly Intensity[] = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'];

export function intensityRank(value: string): number {
  return INTENSITIES.indexOf(value as Intensity);
}

interface Common {
  /** Control/Title, e.g. 震度速報. */
  title: string;
  /** Control/Status: 通常, 訓練 or 試験 — only 通常 is real. */
  status: string;
  /** Head/InfoType: 発表, 訂正 or 取消. */
  infoType: string;
  reportDateTime: string;
  headline: string;
}

export interface WarningDocument extends Common {
  kind: 'warning';
  /** One per municipality (Warning type 気象警報・注意報（市町村等）). */
  areas: { code: string; name: string; kinds: { name: string; code: string; status: string }[] }[];
}

export interface EarthquakeDocument extends Common {
  kind: 'earthquake';
  hypocenter: string | null;
  magnitude: string | null;
  /** 細分区域 (震度速報 and 震源・震度情報). */
  areas: { code: string; name: string; maxInt: string }[];
  /** 市町村 (震源・震度情報 only). */
  cities: { code: string; name: string; maxInt: string }[];
}

export type JmaDocument = WarningDocument | EarthquakeDocument;

function common(report: XmlNode): Common {
  const control = child(report, 'Control');
  const head = child(report, 'Head');
  return {
    title: text(control, 'Title') ?? '',
    status: text(control, 'Status') ?? '',
    infoType: text(head, 'InfoType') ?? '',
    reportDateTime: text(head, 'ReportDateTime') ?? '',
    headline: text(child(head, 'Headline'), 'Text') ?? '',
  };
}

const MUNICIPAL = '気象警報・注意報（市町村等）';

function warningDocument(report: XmlNode, base: Common): WarningDocument {
  const body = child(report, 'Body');
  const areas: WarningDocument['areas'] = [];
  for (const warning of children(body, 'Warning')) {
    if (warning['@type'] !== MUNICIPAL) continue;
    for (const item of children(warning, 'Item')) {
      const area = child(item, 'Area');
      areas.push({
        code: text(area, 'Code') ?? '',
        name: text(area, 'Name') ?? '',
        kinds: children(item, 'Kind').map((kind) => ({
          name: text(kind, 'Name') ?? '',
          code: text(kind, 'Code') ?? '',
          status: text(kind, 'Status') ?? '',
        })),
      });
    }
  }
  return { ...base, kind: 'warning', areas };
}

function earthquakeDocument(report: XmlNode, base: Common): EarthquakeDocument {
  const body = child(report, 'Body');
  const earthquake = child(body, 'Earthquake');
  const observation = child(child(body, 'Intensity'), 'Observation');
  const areas: EarthquakeDocument['areas'] = [];
  const cities: EarthquakeDocument['cities'] = [];
  for (const pref of children(observation, 'Pref')) {
    for (const area of children(pref, 'Area')) {
      areas.push({
        code: text(area, 'Code') ?? '',
        name: text(area, 'Name') ?? '',
        maxInt: text(area, 'MaxInt') ?? '',
      });
      for (const city of children(area, 'City')) {
        cities.push({
          code: text(city, 'Code') ?? '',
          name: text(city, 'Name') ?? '',
          maxInt: text(city, 'MaxInt') ?? '',
        });
      }
    }
  }
  return {
    ...base,
    kind: 'earthquake',
    hypocenter: text(child(child(earthquake, 'Hypocenter'), 'Area'), 'Name') ?? null,
    magnitude: text(earthquake, 'Magnitude') ?? null,
    areas,
    cities,
  };
}

/** Parses a document of a watched kind; null for any other kind of report. */
export function parseJmaDocument(xml: string): JmaDocument | null {
  const report = child(parseXml(xml), 'Report');
  if (!report) throw new JmaXmlError('not a JMA Report');
  const base = common(report);
  if (base.title.startsWith('気象特別警報・警報・注意報') || base.title.startsWith('気象警報・注意報')) {
    return warningDocument(report, base);
  }
  if (base.title === '震度速報' || base.title === '震源・震度に関する情報')
    return earthquakeDocument(report, base);
  return null;
}
