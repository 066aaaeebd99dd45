// Line icons of the phone's chrome (chat bar, header, location card) as inline SVG, so they never depend on
// the emoji fonts a machine happens to have.
import { svg } from './dom.js';

const PATHS = {
  keyboard: ['M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10', 'rect:2,6,20,12,2'],
  menu: ['rect:4,4,7,7,1.5', 'rect:13,4,7,7,1.5', 'rect:4,13,7,7,1.5', 'rect:13,13,7,7,1.5'],
  plus: ['M12 5v14M5 12h14'],
  photo: ['rect:3,5,18,14,2', 'M21 16l-5-5-9 8', 'circle:9,10,1.8'],
  sticker: ['circle:12,12,9', 'M8.5 14.5s1.5 2 3.5 2 3.5-2 3.5-2', 'M9 9.5h.01M15 9.5h.01'],
  send: ['fill:M4 12 20 4l-6 16-2.5-6.5z'],
  search: ['circle:11,11,6', 'M20 20l-4.5-4.5'],
  phone: [
    'M5 4h3.5l2 5-2.5 1.5a11 11 0 0 0 5.5 5.5L15 13.5l5 2V19a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z',
  ],
  lines: ['M4 7h16M4 12h16M4 17h16'],
  back: ['M15 5l-7 7 7 7'],
  pin: ['fill:M12 22s-7-6.4-7-12a7 7 0 0 1 14 0c0 5.6-7 12-7 12z', 'white:circle:12,10,2.6'],
};

function part(spec) {
  let rest = spec;
  let fill = 'none';
  let stroke = 'currentColor';
  if (rest.startsWith('fill:')) {
    rest = rest.slice(5);
    fill = 'currentColor';
    stroke = 'none';
  } else if (rest.startsWith('white:')) {
    rest = rest.slice(6);
    fill = '#FFFFFF';
    stroke = 'none';
  }
  const common = { fill, stroke };
  if (rest.startsWith('rect:')) {
    const [x, y, width, height, rx] = rest.slice(5).split(',');
    return svg('rect', { attrs: { ...common, x, y, width, height, rx } });
  }
  if (rest.startsWith('circle:')) {
    const [cx, cy, r] = rest.slice(7).split(',');
    return svg('circle', { attrs: { ...common, cx, cy, r } });
  }
  return svg('path', { attrs: { ...common, d: rest } });
}

/** A 24×24 stroke icon by name, sized by CSS (1em by default). */
export function icon(name, className = 'icon') {
  return svg(
    'svg',
    {
      className,
      attrs: {
        viewBox: '0 0 24 24',
        'stroke-width': '2',
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
        'aria-hidden': 'true',
        focusable: 'false',
      },
    },
    (PATHS[name] ?? []).map(part),
  );
}
