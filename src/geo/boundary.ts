// The city's outline (a GeoJSON polygon shipped beside this file) and whether a point lies inside it.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** A GeoJSON Polygon: rings of [longitude, latitude] positions, the first ring the outer edge. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(position).min(4)).min(1),
});
const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ geometry: polygonSchema })).min(1),
});

/** 出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成 — shown wherever the outline is. */
export const CITY_BOUNDARY_CREDIT = '出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成';

const BOUNDARY_FILE = new URL('./kasuga-boundary.geojson', import.meta.url);
let cached: Promise<GeoPolygon> | undefined;

/** Reads and checks the shipped outline once; later calls share the result. */
export function loadCityBoundary(): Promise<GeoPolygon> {
  cached ??= readFile(BOUNDARY_FILE, 'utf8').then((text) => {
    const parsed = featureCollectionSchema.parse(JSON.parse(text));
    const first = parsed.features[0];
    if (!first) throw new Error('the city boundary file has no feature');
    return first.geometry;
  });
  return cached;
}

function insideRing(ring: readonly [number, number][], longitude: number, latitude: number): boolean {
  // Ray casting eastwards: an odd number of edge crossings means inside.
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    const [xi, yi] = a;
    const [xj, yj] = b;
    if (yi > latitude !== yj > latitude && longitude < ((xj - xi) * (latitude - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

/** True when the point is inside the outer ring and outside every hole. */
export function containsPoint(polygon: GeoPolygon, latitude: number, longitude: number): boolean {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer || !insideRing(outer, longitude, latitude)) return false;
  return !holes.some((hole) => insideRing(hole, longitude, latitude));
}
