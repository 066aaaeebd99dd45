// Reads JMA's Atom feed (e.g. extra.xml / eqvol.xml): the entries whose documents the ingest reads.
import { child, children, JmaXmlError, parseXml, text } from './xml.ts';

export interface FeedEntry {
  id: string;
  title: string;
  updated: Date | null;
  /** Publishing office (author), e.g. 福岡管区気象台. */
  author: string;
  /** The document's URL (the link of type application/xml, else the first link, else the id). */
  link: string;
}

/**
 * Feed titles of the documents the rules look at: 気象警報 (old and H27/R06 formats), 震度速報 and
 * 震源・震度に関する情報. Anything else in the feed (天気概況, 指定河川洪水予報…) is left alone.
 */
export const WATCHED_TITLES = [
  '気象特別警報・警報・注意報',
  '気象警報・注意報（Ｈ２７）',
  '気象警報・注意報（Ｒ０６）',
  '震度速報',
  '震源・震度に関する情報',
] as const;

export function parseFeed(xml: string): FeedEntry[] {
  const feed = child(parseXml(xml), 'feed');
  if (!feed) throw new JmaXmlError('not an Atom feed');
  return children(feed, 'entry').map((entry) => {
    const links = children(entry, 'link');
    const xmlLink = links.find((l) => l['@type'] === 'application/xml') ?? links[0];
    const id = text(entry, 'id') ?? '';
    const updated = text(entry, 'updated');
    const date = updated ? new Date(updated) : null;
    return {
      id,
      title: text(entry, 'title') ?? '',
      updated: date && !Number.isNaN(date.getTime()) ? date : null,
      author: text(child(entry, 'author'), 'name') ?? '',
      link: typeof xmlLink?.['@href'] === 'string' ? (xmlLink['@href'] as string) : id,
    };
  });
}

export function isWatched(entry: FeedEntry): boolean {
  return (WATCHED_TITLES as readonly string[]).includes(entry.title) && entry.id !== '';
}
