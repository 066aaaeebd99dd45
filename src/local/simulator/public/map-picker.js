// Location sheet: the city's outline as an SVG map (tap to pin a point) and the named places of Kasuga.
import { h, svg } from './dom.js';
import { boundingBox, outerRings, projection } from './geo.js';
import { ui } from './ui-text.js';

const MAP_WIDTH = 360;

/** onShare({ latitude, longitude, title?, address? }) sends the location; onCancel closes the sheet. */
export function renderLocationPicker({ boundary, places, credits = [], onShare, onCancel }) {
  const rings = outerRings(boundary);
  const placeList = Array.isArray(places) ? places : [];
  const points = [...rings.flat(), ...placeList.map((p) => [p.longitude, p.latitude])];
  const box = boundingBox(points.length > 0 ? [points] : [[[130.46, 33.53]]]);
  // Pad the box slightly so a point on the edge is still tappable.
  const margin = Math.max(box.maxLat - box.minLat, box.maxLon - box.minLon, 0.01) * 0.05;
  const proj = projection(
    {
      minLon: box.minLon - margin,
      maxLon: box.maxLon + margin,
      minLat: box.minLat - margin,
      maxLat: box.maxLat + margin,
    },
    MAP_WIDTH,
  );
  let selected = null;

  const marker = svg('g', { className: 'map-marker', attrs: { visibility: 'hidden' } }, [
    svg('circle', { attrs: { r: 7, fill: '#06C755', stroke: '#FFFFFF', 'stroke-width': 2 } }),
  ]);
  const map = svg(
    'svg',
    {
      className: 'map',
      attrs: {
        viewBox: `0 0 ${MAP_WIDTH} ${proj.height.toFixed(1)}`,
        'data-testid': 'location-map',
        role: 'img',
        'aria-label': 'map',
      },
    },
    rings.map((ring) =>
      svg('path', {
        className: 'map-boundary',
        attrs: {
          d: `M${ring
            .map(([lon, lat]) =>
              proj
                .toXY(lon, lat)
                .map((n) => n.toFixed(1))
                .join(','),
            )
            .join('L')}Z`,
        },
      }),
    ),
    placeList.map((place) => {
      const [x, y] = proj.toXY(place.longitude, place.latitude);
      return svg('circle', { className: 'map-place', attrs: { cx: x.toFixed(1), cy: y.toFixed(1), r: 3.5 } });
    }),
    marker,
  );
  const info = h('div', {
    className: 'map-info',
    text: ui('pickPlace'),
    attrs: { 'data-testid': 'location-info' },
  });
  const share = h('button', {
    className: 'sheet-primary',
    text: ui('share'),
    attrs: { type: 'button', disabled: true, 'data-testid': 'location-share' },
    on: { click: () => selected && onShare(selected) },
  });

  function select(location) {
    selected = location;
    const [x, y] = proj.toXY(location.longitude, location.latitude);
    marker.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)})`);
    marker.setAttribute('visibility', 'visible');
    info.textContent = `${location.title ?? ui('pinned')} (${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)})`;
    share.disabled = false;
  }

  map.addEventListener('click', (event) => {
    const rect = map.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * MAP_WIDTH;
    const y = ((event.clientY - rect.top) / rect.height) * proj.height;
    const [longitude, latitude] = proj.toLonLat(x, y);
    select({ latitude: round(latitude), longitude: round(longitude) });
  });

  const list = h(
    'div',
    { className: 'place-list' },
    placeList.map((place) =>
      h(
        'button',
        {
          className: 'place',
          attrs: { type: 'button', 'data-testid': 'place' },
          on: {
            click: () =>
              select({
                latitude: place.latitude,
                longitude: place.longitude,
                title: place.name,
                ...(place.address ? { address: place.address } : {}),
              }),
          },
        },
        h('span', { className: 'place-name', text: place.name }),
        place.address ? h('span', { className: 'place-address', text: place.address }) : null,
      ),
    ),
  );

  return h(
    'div',
    { className: 'sheet sheet-location', attrs: { 'data-testid': 'location-sheet' } },
    h(
      'div',
      { className: 'sheet-head' },
      h('button', {
        className: 'sheet-cancel',
        text: ui('cancel'),
        attrs: { type: 'button' },
        on: { click: onCancel },
      }),
      h('span', { className: 'sheet-title', text: ui('location') }),
      share,
    ),
    map,
    info,
    list,
    h(
      'div',
      { className: 'map-credits' },
      credits.map((credit) => h('div', { text: String(credit) })),
    ),
  );
}

function round(value) {
  return Math.round(value * 1e6) / 1e6;
}
