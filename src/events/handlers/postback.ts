// postback: rich-menu entries, language choice, tab switches and flow buttons, parsed and validated with zod.
import { deadButton } from '../../conversation/flow-buttons.ts';
import type { HandlerContext } from '../handler-context.ts';
import { postbackEventSchema } from '../incoming.ts';
import { openMenuItem, setLanguage } from '../menu-actions.ts';
import { parsePostbackData } from '../postback-data.ts';

/**
 * The postback's fields as strings, plus what a datetime picker chose as `picked_date`, `picked_time` or
 * `picked_datetime` (LINE sends the choice in `params`, not in `data`).
 */
function postbackFields(data: object, params: Record<string, string> | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) if (typeof value === 'string') fields[key] = value;
  for (const key of ['date', 'time', 'datetime']) {
    const value = params?.[key];
    if (value !== undefined) fields[`picked_${key}`] = value;
  }
  return fields;
}

export async function handlePostback(ctx: HandlerContext): Promise<void> {
  const userId = ctx.userId;
  const event = postbackEventSchema.safeParse(ctx.event.payload);
  const data = event.success ? parsePostbackData(event.data.postback.data) : null;
  if (!userId || !data) {
    ctx.log.warn(
      { data: event.success ? event.data.postback.data : undefined },
      'postback data not understood',
    );
    ctx.sendText('fallback.text');
    return;
  }
  switch (data.action) {
    case 'menu':
      await openMenuItem(ctx, data.item);
      return;
    case 'set-language':
      await setLanguage(ctx, userId, data.lang);
      return;
    case 'tab':
      // LINE already switched the menu tab; nothing to say.
      return;
    case 'feature': {
      const handler = ctx.services.features.postback(data.feature);
      if (!handler) {
        ctx.sendText('fallback.text');
        return;
      }
      const fields = postbackFields(data, event.success ? event.data.postback.params : undefined);
      await handler(ctx, fields);
      return;
    }
    case 'flow': {
      const state = ctx.state;
      const flow = ctx.services.flows.get(data.flow);
      const fields = postbackFields(data, event.success ? event.data.postback.params : undefined);
      const dead = deadButton(data.flow, fields, state, new Date());
      if (dead || !state || !flow?.onPostback) {
        // Say why rather than act on stale data: the conversation timed out, or the button is an old one.
        ctx.sendText(dead === 'expired' ? 'flow.expired' : 'flow.staleButton');
        return;
      }
      await flow.onPostback(ctx, state, fields);
      return;
    }
  }
}
