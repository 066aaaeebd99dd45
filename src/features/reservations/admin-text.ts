// How staff type at the desk: booking numbers and names folded so that full-width characters, case, spaces
// and hyphens from a Japanese keyboard still find the booking.

/** Full-width letters and spaces as typed on a Japanese keyboard do not matter: 「ﾔﾏﾀﾞ　ﾊﾅｺ」 finds 「ヤマダ ハナコ」. */
export function foldName(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** What staff type for a booking number: 「ａｂｃ－２３４」 is ABC234. */
export function foldBookingNumber(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑–—ー]+/g, '');
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
