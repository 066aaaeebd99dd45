// Splits a message text into plain parts and http(s) links, as LINE makes URLs in texts tappable.

const URL_PATTERN = /https?:\/\/[^\s<>"'「」『』（）【】、。]+/g;
// Punctuation that ends a sentence rather than the URL.
const TRAILING = /[.,!?;:)\]}'"]+$/;

/** [{ type: 'text', text } | { type: 'link', text, href }] in order; joined texts equal the input. */
export function linkify(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = TRAILING.exec(url);
    if (trailing) url = url.slice(0, url.length - trailing[0].length);
    if (url.length <= 'https://'.length) continue;
    const start = match.index ?? 0;
    if (start > last) parts.push({ type: 'text', text: text.slice(last, start) });
    parts.push({ type: 'link', text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) });
  return parts;
}
