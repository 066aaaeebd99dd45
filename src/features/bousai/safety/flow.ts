// 安否・避難報告 as a conversation: (for a relative without LINE: their name, address and phone first) the
// situation → which shelter (open ones, or the nearest to a shared location) → how many people → needs (toggled)
// → for someone who needs help, where they are → saved. Reporting again updates the report; the saved answer
// says when it will be deleted. Only while a disaster is open.
import type { Turn } from '../../../conversation/flow-kit.ts';
import type { Flow } from '../../../conversation/flows.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { openDisaster } from '../disasters.ts';
import { nearestShelters } from '../shelters/nearest.ts';
import { upsertReport } from './repository.ts';
import { type Data, kit, type Op, STEPS, type Step } from './state.ts';
import { ask, goTo, MAX_SHELTER_BUTTONS, shelterButtons } from './steps.ts';
import { type Need, REPORT_RETENTION_DAYS, type Situation } from './types.ts';

const fold = (text: string) => text.normalize('NFKC').trim();

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
