// Tap areas of the disaster menu: the header band, then the tiles row by row, covering the image exactly.
import { type Bounds, splitEvenly } from '../layout.ts';
import type { DisasterMenuDefinition, DisasterTile } from './definition.ts';

export type DisasterArea = { bounds: Bounds } & ({ kind: 'header' } | { kind: 'tile'; tile: DisasterTile });

export function layoutDisasterMenu(definition: DisasterMenuDefinition): DisasterArea[] {
  const { width, height } = definition.size;
  const areas: DisasterArea[] = [
    { kind: 'header', bounds: { x: 0, y: 0, width, height: definition.headerHeight } },
  ];
  const rowHeights = splitEvenly(height - definition.headerHeight, definition.rows.length);
  let y = definition.headerHeight;
  definition.rows.forEach((row, r) => {
    const rowHeight = rowHeights[r] ?? 0;
    const widths = splitEvenly(width, row.length);
    let x = 0;
    row.forEach((tile, c) => {
      const tileWidth = widths[c] ?? 0;
      areas.push({ kind: 'tile', tile, bounds: { x, y, width: tileWidth, height: rowHeight } });
      x += tileWidth;
    });
    y += rowHeight;
  });
  return areas;
}
