// The city map's geometry: GeoJSON rings, their bounding box, and a simple equirectangular projection.

/** Outer rings ([lon, lat] lists) of a GeoJSON Polygon or MultiPolygon. */
export function outerRings(geometry) {
  if (!geometry || typeof geometry !== 'object') return [];
  if (geometry.type === 'Polygon') return validRings([geometry.coordinates?.[0]]);
  if (geometry.type === 'MultiPolygon') {
    return validRings((geometry.coordinates ?? []).map((polygon) => polygon?.[0]));
  }
  return [];
}

function validRings(rings) {
  return rings.filter(
    (ring) =>
      Array.isArray(ring) &&
      ring.length >= 3 &&
      ring.every((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])),
  );
}

export function boundingBox(rings) {
  const box = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      box.minLon = Math.min(box.minLon, lon);
      box.maxLon = Math.max(box.maxLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

/**
 * Maps lon/lat inside `box` onto an SVG of `width` px (height follows the box's shape) and back.
 * Longitude is scaled by cos(latitude) so the city keeps its real proportions.
 */
export function projection(box, width, padding = 10) {
  const midLat = ((box.minLat + box.maxLat) / 2) * (Math.PI / 180);
  const lonSpan = Math.max((box.maxLon - box.minLon) * Math.cos(midLat), 1e-9);
  const latSpan = Math.max(box.maxLat - box.minLat, 1e-9);
  const scale = (width - 2 * padding) / lonSpan;
  const height = latSpan * scale + 2 * padding;
  return {
    width,
    height,
    toXY(lon, lat) {
      return [padding + (lon - box.minLon) * Math.cos(midLat) * scale, padding + (box.maxLat - lat) * scale];
    },
    toLonLat(x, y) {
      return [box.minLon + (x - padding) / (Math.cos(midLat) * scale), box.maxLat - (y - padding) / scale];
    },
  };
}

/** Whether [lon, lat] lies inside the ring (ray casting). */
export function insideRing(ring, lon, lat) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
