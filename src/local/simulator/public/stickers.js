// The built-in sticker choices (LINE's sticker package 446, ids 1988–2000), drawn as emoji-like SVG faces in
// place of LINE's sticker images.
import { svg } from './dom.js';

export const STICKER_PACKAGE_ID = '446';

// [name, face colour, eyes, mouth, extra]
const FACES = [
  ['happy', '#FFD43B', 'dot', 'grin', null],
  ['love', '#FFD43B', 'heart', 'smile', 'blush'],
  ['laughing', '#FFD43B', 'happy', 'open', 'tears'],
  ['ok', '#8CE99A', 'happy', 'smile', null],
  ['thanks', '#FFC9C9', 'closed', 'smile', 'blush'],
  ['sad', '#A5D8FF', 'dot', 'frown', 'tear'],
  ['angry', '#FF8787', 'dot', 'frown', 'anger'],
  ['surprised', '#FFD43B', 'wide', 'open', null],
  ['party', '#FFA94D', 'happy', 'grin', 'blush'],
  ['heart', '#FFDEEB', 'heart', 'grin', null],
  ['sleepy', '#D0BFFF', 'closed', 'flat', 'zzz'],
  ['thinking', '#FFE066', 'dot', 'wavy', 'sweat'],
  ['hello', '#99E9F2', 'dot', 'smile', 'blush'],
];

export const STICKERS = FACES.map(([name], i) => ({
  packageId: STICKER_PACKAGE_ID,
  stickerId: String(1988 + i),
  name,
}));

const INK = '#343A40';
const line = (d, color = INK) =>
  svg('path', { attrs: { d, fill: 'none', stroke: color, 'stroke-width': 1.6, 'stroke-linecap': 'round' } });
const blob = (d, color) => svg('path', { attrs: { d, fill: color } });
const dot = (cx, cy, r, color = INK) => svg('circle', { attrs: { cx, cy, r, fill: color } });

const EYES = {
  dot: () => [dot(9, 10, 1.5), dot(15, 10, 1.5)],
  happy: () => [line('M7.5 10.8q1.5-2 3 0'), line('M13.5 10.8q1.5-2 3 0')],
  closed: () => [line('M7.5 10.5h3'), line('M13.5 10.5h3')],
  wide: () => [dot(9, 9.8, 2, '#FFFFFF'), dot(9, 9.8, 1.1), dot(15, 9.8, 2, '#FFFFFF'), dot(15, 9.8, 1.1)],
  heart: () => [heartAt(9, 10), heartAt(15, 10)],
};

function heartAt(x, y) {
  return blob(`M${x} ${y + 2}l-2.2-2.2a1.3 1.3 0 0 1 2.2-1.6 1.3 1.3 0 0 1 2.2 1.6z`, '#E03131');
}

const MOUTHS = {
  smile: () => [line('M8.5 14.5q3.5 3.5 7 0')],
  grin: () => [
    svg('path', {
      attrs: { d: 'M7.5 14h9q0 4.5-4.5 4.5T7.5 14z', fill: '#FFFFFF', stroke: INK, 'stroke-width': 1.4 },
    }),
  ],
  open: () => [svg('ellipse', { attrs: { cx: 12, cy: 16, rx: 2.2, ry: 2.6, fill: INK } })],
  frown: () => [line('M8.5 17.5q3.5-3 7 0')],
  flat: () => [line('M9.5 16h5')],
  wavy: () => [line('M8.5 16.5q1.2-1.2 2.3 0t2.3 0 2.3 0')],
};

const EXTRAS = {
  blush: () => [
    svg('ellipse', { attrs: { cx: 6.8, cy: 13.5, rx: 1.6, ry: 1, fill: '#FF8FA3' } }),
    svg('ellipse', { attrs: { cx: 17.2, cy: 13.5, rx: 1.6, ry: 1, fill: '#FF8FA3' } }),
  ],
  tears: () => [blob('M5.5 12q-1 2 0 3t1.6-1z', '#4DABF7'), blob('M18.5 12q1 2 0 3t-1.6-1z', '#4DABF7')],
  tear: () => [blob('M8.2 12.5q-1 2 0 3t1.6-1z', '#4DABF7')],
  anger: () => [line('M16 4.5l1.5 1.5M19 4.5l-1.5 1.5M16 7.5l1.5-1.5M19 7.5l-1.5-1.5', '#E03131')],
  sweat: () => [blob('M18 5q-1.2 2 0 3t1.5-1z', '#74C0FC')],
  zzz: () => [line('M17 3.5h2.5l-2.5 2.5h2.5', '#5F3DC4')],
};

/** The placeholder image of any sticker: a known face, else a plain smiling one. */
export function stickerImage(packageId, stickerId) {
  const index = STICKERS.findIndex(
    (s) => s.packageId === String(packageId) && s.stickerId === String(stickerId),
  );
  const [name, color, eyes, mouth, extra] = FACES[index] ?? ['sticker', '#E9ECEF', 'dot', 'smile', null];
  return svg(
    'svg',
    {
      className: 'sticker-image',
      attrs: {
        viewBox: '0 0 24 24',
        role: 'img',
        'aria-label': `sticker ${packageId}/${stickerId} (${name})`,
      },
    },
    svg('circle', {
      attrs: { cx: 12, cy: 12, r: 9.5, fill: color, stroke: '#00000022', 'stroke-width': 0.6 },
    }),
    EYES[eyes](),
    MOUTHS[mouth](),
    extra ? EXTRAS[extra]() : null,
  );
}
