// Choosing the area once: from the list (quick replies, paged when there are more than fit) or by sharing a
// location (the area whose representative point is nearest). The choice is kept in gomi_residents.
import type { messagingApi } from '@line/bot-sdk';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { Area, GomiDataset } from '../dataset/types.ts';
import { setArea } from '../residents.ts';
import { locationButton, quick } from './buttons.ts';

const PER_PAGE = 11;

export function areaChooser(ctx: HandlerContext, data: GomiDataset, page = 0): messagingApi.TextMessage {
  const areas = data.areas.slice(page * PER_PAGE, (page + 1) * PER_PAGE);
  const items: messagingApi.QuickReplyItem[] = areas.map((area) =>
    quick(area.name[ctx.language], { do: 'area', a: area.id }),
  );
  if ((page + 1) * PER_PAGE < data.areas.length) {
    items.push(quick(ctx.t('gomi:area.more'), { do: 'areas', p: String(page + 1) }));
  }
  items.push(locationButton(ctx.t('gomi:area.byLocation')));
  const lines = [ctx.t('gomi:area.prompt')];
  for (const area of areas) if (area.towns) lines.push(`・${area.name[ctx.language]}：${area.towns}`);
  return { type: 'text', text: lines.join('\n'), quickReply: { items: items.slice(0, 13) } };
}

/** The area whose point is nearest (equirectangular distance is enough within one city). */
export function nearestArea(data: GomiDataset, lat: number, lng: number): Area | null {
  let best: Area | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  const cos = Math.cos((lat * Math.PI) / 180);
  for (const area of data.areas) {
    if (!area.point) continue;
    const dx = (area.point.lng - lng) * cos;
    const dy = area.point.lat - lat;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = area;
    }
  }
  // Farther than ~20 km: not in the city.
  return best && Math.sqrt(bestDistance) < 0.2 ? best : null;
}

export function chooseArea(ctx: HandlerContext, userId: string, area: Area): void {
  ctx.write(async (tx) => setArea(tx, userId, area.id));
  ctx.sendText('gomi:area.chosen', { area: area.name[ctx.language] });
}
