// The registration conversation as a Flow: a nickname (text), a birth date (date picker or typed), the
// district once, then the confirmation; renaming a child reuses the nickname step. Bad input re-asks and
// stores nothing; a button from another step or an older conversation is answered instead of acted on.

import { acceptOp } from '../../../conversation/flow-buttons.ts';
import type { Flow } from '../../../conversation/flows.ts';
import { clearState } from '../../../conversation/state-repository.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { IncomingMessage } from '../../../events/incoming.ts';
import { cityDate } from '../dates.ts';
import { isDistrict } from '../districts.ts';
import { birthPrompt, confirmCard, districtPrompt, nicknamePrompt, text } from './cards.ts';
import type { ChildrenDeps } from './deps.ts';
import { FLOW_NAME, type FlowOp, parseFlowOp } from './postback.ts';
import { saveChild, saveNickname } from './register.ts';
import { FLOW_TTL_SECONDS, type FlowState, readFlowState, type Step } from './state.ts';
import { afterBirthDate, goTo } from './steps.ts';
import { checkBirthDate, checkNickname, MAX_AGE_YEARS, parseTypedDate } from './validate.ts';

const ALLOWED: Record<FlowOp['op'], readonly Step[]> = {
  birth: ['birth'],
  district: ['district'],
  save: ['confirm'],
  redo: ['confirm'],
  quit: ['nickname', 'birth', 'district', 'confirm'],
};

function stale(ctx: HandlerContext, userId: string | null): void {
  ctx.send(text(ctx.language, 'stale'));
  if (userId) {
    ctx.write(async (tx) => {
      await clearState(tx, userId);
    });
  }
}

export function childFlow(deps: ChildrenDeps): Flow {
  return {
    name: FLOW_NAME,
    ttlSeconds: FLOW_TTL_SECONDS,
    async onMessage(ctx, state, message) {
      const flow = readFlowState(state);
      if (!ctx.userId || !flow) return stale(ctx, ctx.userId);
      await onMessage(ctx, deps, ctx.userId, flow, message);
    },
    async onPostback(ctx, state, fields) {
      const userId = ctx.userId;
      const flow = readFlowState(state);
      const op = acceptOp(parseFlowOp(fields), flow, ALLOWED);
      if (!userId || !flow || !op) {
        ctx.send(text(ctx.language, 'stale'));
        return;
      }
      const data = flow.data;
      switch (op.op) {
        case 'birth':
          return receiveBirthDate(ctx, deps, userId, flow, op.picked_date ?? '');
        case 'district':
          if (op.d !== 'none' && !isDistrict(op.d)) {
            ctx.send(text(ctx.language, 'stale'));
            return;
          }
          return goTo(ctx, deps, userId, 'confirm', { ...data, district: op.d === 'none' ? null : op.d });
        case 'save':
          return saveChild(ctx, deps, userId, data);
        case 'redo': {
          const { k, mode, askDistrict } = data;
          return goTo(ctx, deps, userId, 'nickname', {
            k,
            mode,
            askDistrict,
            district: askDistrict ? null : data.district,
          });
        }
        case 'quit':
          ctx.send(text(ctx.language, 'quitDone'));
          ctx.write(async (tx) => {
            await clearState(tx, userId);
          });
          return;
      }
    },
  };
}

async function onMessage(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  flow: FlowState,
  message: IncomingMessage,
): Promise<void> {
  const lang = ctx.language;
  const { data } = flow;
  switch (flow.step) {
    case 'nickname': {
      const reprompt = (key: string) => ctx.send(nicknamePrompt(lang, data.k, key));
      if (message.type !== 'text') return reprompt('register.nicknameErrors.notText');
      const checked = checkNickname(message.text);
      if (!checked.ok) return reprompt(`register.nicknameErrors.${checked.reason}`);
      if (data.mode === 'rename') return saveNickname(ctx, userId, data.childId ?? '', checked.nickname);
      return goTo(ctx, deps, userId, 'birth', { ...data, nickname: checked.nickname });
    }
    case 'birth':
      return receiveBirthDate(
        ctx,
        deps,
        userId,
        flow,
        message.type === 'text' ? (parseTypedDate(message.text) ?? '') : '',
      );
    case 'district':
      ctx.send(text(lang, 'useButtons'), districtPrompt(lang, data.k));
      return;
    case 'confirm':
      ctx.send(
        text(lang, 'useButtons'),
        confirmCard(lang, data.k, {
          nickname: data.nickname ?? '',
          birthDate: data.birthDate ?? '',
          district: data.district,
          today: cityDate(deps.now()),
        }),
      );
      return;
  }
}

/** A picked or typed date: stored in the state and on to the next step, or the reason and the picker again. */
function receiveBirthDate(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  flow: FlowState,
  date: string,
): void {
  const lang = ctx.language;
  const checked = checkBirthDate(date, deps.now());
  if (!checked.ok) {
    ctx.send(
      text(lang, `register.birthErrors.${checked.reason}`, { years: MAX_AGE_YEARS }),
      birthPrompt(lang, flow.data.k, flow.data.nickname ?? '', cityDate(deps.now())),
    );
    return;
  }
  const data = { ...flow.data, birthDate: checked.date };
  goTo(ctx, deps, userId, afterBirthDate(data), data);
}
