// A ごみ question typed outside any conversation (「ソファの捨て方」「電池は何ごみ？」): answered here when it speaks
// of throwing away and names an item clearly; anything else is left to the other features (false).
import type { HandlerContext } from '../../../events/handler-context.ts';
import { getResident } from '../residents.ts';
import { CONFIDENT_SCORE } from '../search/item-search.ts';
import { answerItem, searchFor } from './answers.ts';
import type { GomiDeps } from './deps.ts';

const ABOUT_GOMI =
  /ごみ|ゴミ|ごみ|捨て|すて|分別|ぶんべつ|出し方|だしかた|粗大|そだい|処分|しょぶん|throw away|dispose|garbage|trash|rubbish|recycl/i;

export async function answerGomiText(ctx: HandlerContext, deps: GomiDeps, text: string): Promise<boolean> {
  const userId = ctx.userId;
  if (!userId || text.length > 100 || !ABOUT_GOMI.test(text)) return false;
  const hits = searchFor(await deps.store.current()).search(text, 4);
  const best = hits[0];
  if (!best || best.score < CONFIDENT_SCORE) return false;
  const resident = await getResident(ctx.services.pool, userId);
  await answerItem(ctx, deps, best.item, resident?.areaId ?? null, hits.slice(1));
  return true;
}
