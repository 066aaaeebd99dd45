// Turns the menu data into tap areas with pixel bounds: the one geometry shared by requests and images.
import type { ItemId, RichMenuDefinition, TabDefinition, TabId } from './definition.ts';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type AreaTarget = { kind: 'tab'; tab: TabId; labelKey: string } | { kind: 'item'; item: ItemId };

export interface LayoutArea {
  bounds: Bounds;
  target: AreaTarget;
}

/** Splits `total` pixels into `parts` integer sizes that add up exactly (the remainder goes to the last ones). */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const remainder = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i >= parts - remainder ? 1 : 0));
}

function offsets(sizes: readonly number[], start: number): number[] {
  let position = start;
  return sizes.map((size) => {
    const at = position;
    position += size;
    return at;
  });
}

/** The tab bar buttons followed by the tiles of `tab`, covering the whole image without overlaps. */
export function layoutTab(definition: RichMenuDefinition, tab: TabDefinition): LayoutArea[] {
  const { width, height } = definition.size;
  const areas: LayoutArea[] = [];

  const tabWidths = splitEvenly(width, definition.tabs.length);
  const tabXs = offsets(tabWidths, 0);
  definition.tabs.forEach((button, i) => {
    areas.push({
      bounds: { x: tabXs[i] ?? 0, y: 0, width: tabWidths[i] ?? 0, height: definition.tabBarHeight },
      target: { kind: 'tab', tab: button.id, labelKey: button.labelKey },
    });
  });

  const rowHeights = splitEvenly(height - definition.tabBarHeight, tab.rows.length);
  const rowYs = offsets(rowHeights, definition.tabBarHeight);
  tab.rows.forEach((row, r) => {
    const widths = splitEvenly(width, row.length);
    const xs = offsets(widths, 0);
    row.forEach((item, c) => {
      areas.push({
        bounds: { x: xs[c] ?? 0, y: rowYs[r] ?? 0, width: widths[c] ?? 0, height: rowHeights[r] ?? 0 },
        target: { kind: 'item', item },
      });
    });
  });
  return areas;
}

export function findTab(definition: RichMenuDefinition, id: TabId): TabDefinition {
  const tab = definition.tabs.find((candidate) => candidate.id === id);
  if (!tab) throw new Error(`rich menu tab "${id}" is not defined`);
  return tab;
}
