// The 安否 conversation's questions: each step's prompt and buttons (the shelters offered are remembered in the
// state, so a shelter button is accepted only for one of them), saved as the conversation's next step.
import type { messagingApi } from '@line/bot-sdk';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { postbackData } from '../../../events/postback-data.ts';
import { BOUSAI_FEATURE, locationItem, postbackItem } from '../chat/postback.ts';
import { SHELTER_COLUMNS, type Shelter, shelterOf } from '../shelters/nearest.ts';
import { type Data, kit, type Step } from './state.ts';
import { NEEDS, SITUATIONS } from './types.ts';

export const MAX_SHELTER_BUTTONS = 10;

export function ask(
  ctx: HandlerContext,
  text: string,
  items: messagingApi.QuickReplyItem[],
  k: string,
): void {
  ctx.send({ type: 'text', text });
  ctx.addQuickReplies([...items, kit.wayOut(ctx, k)]);
}

async function openShelters(ctx: HandlerContext): Promise<Shelter[]> {
  const { rows } = await ctx.services.pool.query<Parameters<typeof shelterOf>[0]>(
    `SELECT ${SHELTER_COLUMNS} FROM bousai_shelters s
      WHERE NOT s.withdrawn AND s.status IN ('open', 'crowded', 'full')
      ORDER BY s.kind DESC, s.name, s.id LIMIT $1`,
    [MAX_SHELTER_BUTTONS],
  );
  return rows.map(shelterOf);
}

export function shelterButtons(k: string, shelters: readonly Shelter[]): messagingApi.QuickReplyItem[] {
  return shelters.map((shelter) =>
    postbackItem(shelter.name, kit.button(k, { op: 'shelter', id: shelter.id })),
  );
}

function proxyItem(ctx: HandlerContext): messagingApi.QuickReplyItem {
  return postbackItem(
    ctx.t('bousai:menu.proxy'),
    postbackData({ action: 'feature', feature: BOUSAI_FEATURE, do: 'proxy' }),
  );
}

/** Shows the step `next.step` and saves it. */
export async function goTo(ctx: HandlerContext, userId: string, step: Step, data: Data): Promise<void> {
  const { k } = data;
  const name = data.proxy?.name;
  switch (step) {
    case 'proxyName':
      ask(ctx, ctx.t('bousai:safety.askProxyName'), [], k);
      break;
    case 'proxyAddress':
      ask(ctx, ctx.t('bousai:safety.askProxyAddress', { name: name ?? '' }), [], k);
      break;
    case 'proxyPhone':
      ask(ctx, ctx.t('bousai:safety.askProxyPhone', { name: name ?? '' }), [], k);
      break;
    case 'situation':
      ask(
        ctx,
        name ? ctx.t('bousai:safety.askSituationProxy', { name }) : ctx.t('bousai:safety.askSituation'),
        [
          ...SITUATIONS.map((v) =>
            postbackItem(ctx.t(`bousai:situation.${v}`), kit.button(k, { op: 'sit', v })),
          ),
          // From the disaster menu's 安否報告 straight into one's own report: reporting for a relative is a tap away.
          ...(name ? [] : [proxyItem(ctx)]),
        ],
        k,
      );
      break;
    case 'shelter': {
      const shelters = await openShelters(ctx);
      data = { ...data, candidates: shelters.map((shelter) => shelter.id) };
      ask(
        ctx,
        ctx.t(shelters.length > 0 ? 'bousai:safety.askShelter' : 'bousai:safety.askShelterByPlace'),
        [...shelterButtons(k, shelters), locationItem(ctx.language)],
        k,
      );
      break;
    }
    case 'people':
      ask(
        ctx,
        ctx.t('bousai:safety.askPeople'),
        ['1', '2', '3', '4', '5'].map((n) =>
          postbackItem(
            ctx.t('bousai:safety.peopleLabel', { count: Number(n) }),
            kit.button(k, { op: 'people', n }),
          ),
        ),
        k,
      );
      break;
    case 'needs': {
      const chosen = new Set(data.needs);
      ask(
        ctx,
        ctx.t('bousai:safety.askNeeds', {
          chosen:
            chosen.size > 0
              ? data.needs.map((v) => ctx.t(`bousai:need.${v}`)).join(ctx.t('bousai:card.separator'))
              : ctx.t('bousai:need.none'),
        }),
        [
          ...NEEDS.map((v) =>
            postbackItem(
              `${chosen.has(v) ? '✓ ' : ''}${ctx.t(`bousai:need.${v}`)}`,
              kit.button(k, { op: 'need', v }),
            ),
          ),
          postbackItem(ctx.t('bousai:safety.needsDone'), kit.button(k, { op: 'done' })),
        ],
        k,
      );
      break;
    }
    case 'place':
      ask(
        ctx,
        ctx.t('bousai:safety.askPlace'),
        [
          locationItem(ctx.language),
          postbackItem(ctx.t('bousai:safety.skipPlace'), kit.button(k, { op: 'skip' })),
        ],
        k,
      );
      break;
  }
  kit.save(ctx, userId, { step, data });
}
