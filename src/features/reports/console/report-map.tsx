// The reports on a map without a map library: the city outline and the markers in an SVG (Web Mercator),
// nearby markers clustered, each marker a keyboard-reachable link; tiles (GSI 地理院タイル by default) drawn
// beneath when configured — without them the outline and markers still show.

import { t } from '../../../../console/src/i18n.ts';
import boundary from '../../../geo/kasuga-boundary.geojson?raw';

export interface MapReport {
  id: string;
  number: string;
  lat: number;
  lon: number;
  status: string;
  statusLabel: string;
  colour: string;
}

const WIDTH = 720;
const HEIGHT = 560;
const TILE = 256;
const CLUSTER_PX = 28;

const outline =
  (JSON.parse(boundary) as { features: { geometry: { coordinates: number[][][] } }[] }).features[0]?.geometry
    .coordinates[0] ?? [];

/** Global pixel coordinates at zoom z. */
function project(lon: number, lat: number, z: number): [number, number] {
  const scale = TILE * 2 ** z;
  const x = ((lon + 180) / 360) * scale;
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale;
  return [x, y];
}

export function ReportMap(props: {
  reports: MapReport[];
  tiles: string | null;
  attribution: string;
  onOpen: (id: string) => void;
}) {
  const lons = outline.map((p) => p[0] ?? 0);
  const lats = outline.map((p) => p[1] ?? 0);
  // The largest zoom at which the whole city fits.
  let z = 16;
  for (; z > 8; z--) {
    const [x0, y0] = project(Math.min(...lons), Math.max(...lats), z);
    const [x1, y1] = project(Math.max(...lons), Math.min(...lats), z);
    if (x1 - x0 < WIDTH * 0.95 && y1 - y0 < HEIGHT * 0.95) break;
  }
  const [cx0, cy0] = project(Math.min(...lons), Math.max(...lats), z);
  const [cx1, cy1] = project(Math.max(...lons), Math.min(...lats), z);
  const left = (cx0 + cx1) / 2 - WIDTH / 2;
  const top = (cy0 + cy1) / 2 - HEIGHT / 2;
  const at = (lon: number, lat: number): [number, number] => {
    const [x, y] = project(lon, lat, z);
    return [x - left, y - top];
  };
  const path = `${outline.map((p, i) => `${i === 0 ? 'M' : 'L'}${at(p[0] ?? 0, p[1] ?? 0).join(',')}`).join(' ')} Z`;

  const tiles: { href: string; x: number; y: number }[] = [];
  if (props.tiles) {
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + WIDTH) / TILE); tx++) {
      for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + HEIGHT) / TILE); ty++) {
        const href = props.tiles
          .replace('{z}', String(z))
          .replace('{x}', String(tx))
          .replace('{y}', String(ty));
        tiles.push({ href, x: tx * TILE - left, y: ty * TILE - top });
      }
    }
  }

  // Clusters: markers within CLUSTER_PX of a cluster's first marker join it.
  const clusters: { x: number; y: number; members: MapReport[] }[] = [];
  for (const report of props.reports) {
    const [x, y] = at(report.lon, report.lat);
    const near = clusters.find((c) => Math.hypot(c.x - x, c.y - y) < CLUSTER_PX);
    if (near) near.members.push(report);
    else clusters.push({ x, y, members: [report] });
  }

  return (
    <figure class="map">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG map whose markers are links is a group, not a fieldset */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={t('reports:map.label')}>
        {tiles.map((tile) => (
          <image key={tile.href} href={tile.href} x={tile.x} y={tile.y} width={TILE} height={TILE} />
        ))}
        <path d={path} fill={props.tiles ? 'none' : '#eef3ff'} stroke="#0031d8" stroke-width="2" />
        {clusters.map((cluster) => {
          const first = cluster.members[0] as MapReport;
          const single = cluster.members.length === 1;
          const name = single
            ? `${first.number} ${first.statusLabel}`
            : t('reports:map.cluster', {
                n: cluster.members.length,
                numbers: cluster.members.map((m) => m.number).join(', '),
              });
          return (
            <a
              key={first.id}
              href={`/console/reports/${first.id}`}
              aria-label={name}
              onClick={(event) => {
                event.preventDefault();
                props.onOpen(first.id);
              }}
            >
              <title>{name}</title>
              <circle
                cx={cluster.x}
                cy={cluster.y}
                r={single ? 8 : 14}
                fill={first.colour}
                stroke="#fff"
                stroke-width="2"
              />
              {single ? null : (
                <text
                  x={cluster.x}
                  y={cluster.y + 5}
                  text-anchor="middle"
                  fill="#fff"
                  font-size="14"
                  font-weight="700"
                >
                  {cluster.members.length}
                </text>
              )}
            </a>
          );
        })}
      </svg>
      <figcaption>
        {props.tiles ? `${props.attribution} / ` : ''}
        {t('reports:map.credit')}
      </figcaption>
    </figure>
  );
}
