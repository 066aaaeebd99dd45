// 安否・避難報告 as a conversation: (for a relative without LINE: their name, address and phone first) the
// situation → which shelter (open ones, or the nearest to a shared location) → how many people → needs (toggled)
// → for someone who needs help, where they are → saved. Reporting again updates the report; the saved answer
// says when it will be deleted. Only while a disaster is open.
import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { flowKit, type Turn } from '../../../conversation/flow-kit.ts';
import type { Flow } from '../../../conversation/flows.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { postbackData } from '../../../events/postback-data.ts';
import { BOUSAI_FEATURE, locationItem, postbackItem } from '../chat/postback.ts';
import { openDisaster } from '../disasters.ts';
import { nearestShelters, SHELTER_COLUMNS, type Shelter, shelterOf } from '../shelters/nearest.ts';
import { upsertReport } from './repository.ts';
import { NEEDS, type Need, REPORT_RETENTION_DAYS, SITUATIONS, type Situation } from './types.ts';

const STEPS = [
  'proxyName',
  'proxyAddress',
  'proxyPhone',
  'situation',
  'shelter',
  'people',
  'needs',
  'place',
] as const;
type Step = (typeof STEPS)[number];

const dataSchema = z.object({
  k: z.string(),
  disasterId: z.string(),
  proxy: z
    .object({ name: z.string(), address: z.string().optional(), phone: z.string().optional() })
    .optional(),
  situation: z.enum(SITUATIONS).optional(),
  shelterId: z.string().optional(),
  /** The shelters the last buttons offered: a shelter button is accepted only for one of these. */
  candidates: z.array(z.string()).default([]),
  people: z.number().int().optional(),
  needs: z.array(z.enum(NEEDS)).default([]),
});
type Data = z.output<typeof dataSchema>;

const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('quit') }),
  z.object({ op: z.literal('sit'), v: z.enum(SITUATIONS) }),
  z.object({ op: z.literal('shelter'), id: z.string().max(40) }),
  z.object({ op: z.literal('people'), n: z.string().regex(/^[1-9][0-9]?$/) }),
  z.object({ op: z.literal('need'), v: z.enum(NEEDS) }),
  z.object({ op: z.literal('done') }),
  z.object({ op: z.literal('skip') }),
]);
type Op = z.output<typeof opSchema>;

const kit = flowKit({ name: 'bousai.safety', ttlSeconds: 60 * 60, steps: STEPS, dataSchema, opSchema });

const MAX_SHELTER_BUTTONS = 10;
const fold = (text: string) => text.normalize('NFKC').trim();

function ask(ctx: HandlerContext, text: string, items: messagingApi.QuickReplyItem[], k: string): void {
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

function shelterButtons(k: string, shelters: readonly Shelter[]): messagingApi.QuickReplyItem[] {
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
async function goTo(ctx: HandlerContext, userId: string, step: Step, data: Data): Promise<void> {
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

async function save(
  ctx: HandlerContext,
  userId: string,
  data: Data,
  place: { latitude: number; longitude: number } | null,
  at: Date,
): Promise<void> {
  const situation = data.situation as Situation;
  const proxy = data.proxy
    ? { name: data.proxy.name, address: data.proxy.address ?? '', phone: data.proxy.phone ?? '' }
    : null;
  const disaster = await openDisaster(ctx.services.pool);
  kit.clear(ctx, userId);
  if (!disaster || disaster.id !== data.disasterId) {
    ctx.sendText('bousai:safety.disasterClosed');
    return;
  }
  ctx.write(async (tx) => {
    await upsertReport(
      tx,
      {
        disasterId: data.disasterId,
        userId,
        proxy,
        situation,
        shelterId: situation === 'at_shelter' ? (data.shelterId ?? null) : null,
        people: data.people ?? 1,
        needs: data.needs as Need[],
        latitude: place?.latitude ?? null,
        longitude: place?.longitude ?? null,
      },
      at,
    );
  });
  const summary = [
    proxy ? ctx.t('bousai:safety.summaryProxy', { name: proxy.name }) : null,
    ctx.t(`bousai:situation.${situation}`),
    ctx.t('bousai:safety.peopleLabel', { count: data.people ?? 1 }),
    data.needs.length > 0
      ? data.needs.map((v) => ctx.t(`bousai:need.${v}`)).join(ctx.t('bousai:card.separator'))
      : null,
  ].filter(Boolean);
  ctx.sendText('bousai:safety.saved', { summary: summary.join(' / '), days: REPORT_RETENTION_DAYS });
}

/** Starts a report for the resident (proxy false) or for a relative without LINE; only during a disaster. */
export async function startSafetyReport(ctx: HandlerContext, proxy: boolean): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  const disaster = await openDisaster(ctx.services.pool);
  if (!disaster) {
    ctx.sendText('bousai:safety.noDisaster');
    return;
  }
  const data: Data = { k: kit.newKey(), disasterId: disaster.id, candidates: [], needs: [] };
  await goTo(ctx, userId, proxy ? 'proxyName' : 'situation', data);
}

const PHONE = /^[0-9+-]{5,20}$/;

async function onText(
  ctx: HandlerContext,
  turn: Turn<Step, Data>,
  raw: string,
): Promise<'handled' | 'reprompt'> {
  const { userId, step, data } = turn;
  const text = fold(raw);
  if (step === 'proxyName') {
    if (text.length < 1 || text.length > 60) return 'reprompt';
    await goTo(ctx, userId, 'proxyAddress', { ...data, proxy: { name: text } });
    return 'handled';
  }
  if (step === 'proxyAddress' && data.proxy) {
    if (text.length < 1 || text.length > 200) return 'reprompt';
    await goTo(ctx, userId, 'proxyPhone', { ...data, proxy: { ...data.proxy, address: text } });
    return 'handled';
  }
  if (step === 'proxyPhone' && data.proxy) {
    const phone = text.replace(/[\s()（）ー－]/g, (c) => (c === 'ー' || c === '－' ? '-' : ''));
    if (!PHONE.test(phone)) {
      ctx.sendText('bousai:safety.badPhone');
      return 'reprompt';
    }
    await goTo(ctx, userId, 'situation', { ...data, proxy: { ...data.proxy, phone } });
    return 'handled';
  }
  if (step === 'people' && /^[1-9][0-9]?$/.test(text)) {
    await goTo(ctx, userId, 'needs', { ...data, people: Number(text) });
    return 'handled';
  }
  return 'reprompt';
}

async function onOp(ctx: HandlerContext, turn: Turn<Step, Data>, op: Op, at: Date): Promise<void> {
  const { userId, data } = turn;
  switch (op.op) {
    case 'sit':
      await goTo(ctx, userId, op.v === 'at_shelter' ? 'shelter' : 'people', {
        ...data,
        situation: op.v,
        shelterId: undefined,
      });
      return;
    case 'shelter':
      if (!data.candidates.includes(op.id)) {
        ctx.sendText('flow.staleButton');
        return;
      }
      await goTo(ctx, userId, 'people', { ...data, shelterId: op.id });
      return;
    case 'people':
      await goTo(ctx, userId, 'needs', { ...data, people: Number(op.n) });
      return;
    case 'need': {
      const needs = data.needs.includes(op.v) ? data.needs.filter((v) => v !== op.v) : [...data.needs, op.v];
      await goTo(ctx, userId, 'needs', { ...data, needs });
      return;
    }
    case 'done':
      // Where someone needing help is matters to the rescuers; a relative's address is already known.
      if (data.situation === 'need_help' && !data.proxy) await goTo(ctx, userId, 'place', data);
      else await save(ctx, userId, data, null, at);
      return;
    case 'skip':
      await save(ctx, userId, data, null, at);
      return;
    case 'quit':
      return;
  }
}

/** `now`: the feature's clock (when a report is saved). */
export function safetyFlow(now: () => Date): Flow {
  return kit.flow({
    allowed: {
      quit: STEPS,
      sit: ['situation'],
      shelter: ['shelter'],
      people: ['people'],
      need: ['needs'],
      done: ['needs'],
      skip: ['place'],
    },
    onOp: (ctx, turn, op) => onOp(ctx, turn, op, now()),
    async onMessage(ctx, turn, message) {
      if (message.type === 'text') return onText(ctx, turn, message.text);
      if (message.type !== 'location') return 'reprompt';
      const place = { latitude: message.latitude, longitude: message.longitude };
      if (turn.step === 'place') {
        await save(ctx, turn.userId, turn.data, place, now());
        return 'handled';
      }
      if (turn.step === 'shelter') {
        const near = await nearestShelters(ctx.services.pool, {
          ...place,
          openFirst: true,
          limit: MAX_SHELTER_BUTTONS,
        });
        const data = { ...turn.data, candidates: near.map((shelter) => shelter.id) };
        ask(ctx, ctx.t('bousai:safety.askShelterNear'), shelterButtons(data.k, near), data.k);
        kit.save(ctx, turn.userId, { step: 'shelter', data });
        return 'handled';
      }
      return 'reprompt';
    },
    async reprompt(ctx, turn) {
      // The same question again, with the same buttons; the shelter step keeps the shelters it offered.
      await goTo(ctx, turn.userId, turn.step, turn.data);
    },
    quitText: (ctx) => ({ type: 'text', text: ctx.t('bousai:safety.quit') }),
  });
}
