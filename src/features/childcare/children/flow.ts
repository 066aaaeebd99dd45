// The registration conversation as a Flow: a nickname (text), a birth date (date picker or typed), the
// district once, then the confirmation; renaming a child reuses the nickname step. Bad input re-asks and
// stores nothing; a button from another step or an older conversation is answered instead of acted on.

import type { Flow, MessageOutcome } from '../../../conversation/flow-kit.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { IncomingMessage } from '../../../events/incoming.ts';
import { cityDate } from '../dates.ts';
import { isDistrict } from '../districts.ts';
import { birthPrompt, nicknamePrompt, text } from './cards.ts';
import type { ChildrenDeps } from './deps.ts';
import type { FlowOp } from './postback.ts';
import { saveChild, saveNickname } from './register.ts';
import { childKit, type FlowState, type Step } from './state.ts';
import { afterBirthDate, goTo } from './steps.ts';
import { checkBirthDate, checkNickname, MAX_AGE_YEARS, parseTypedDate } from './validate.ts';

const ALLOWED: Record<FlowOp['op'], readonly Step[]> = {
  birth: ['birth'],
  district: ['district'],
  save: ['confirm'],
  redo: ['confirm'],
  quit: ['nickname', 'birth', 'district', 'confirm'],
};

export function childFlow(deps: ChildrenDeps): Flow {
  return childKit.flow({
    allowed: ALLOWED,
    stale: (ctx) => ctx.send(text(ctx.language, 'stale')),
    quitText: (ctx) => text(ctx.language, 'quitDone'),
    reprompt: (ctx, { userId, step, data }) => goTo(ctx, deps, userId, step, data),
    onMessage: (ctx, { userId, step, data }, message) =>
      onMessage(ctx, deps, userId, { step, data }, message),
    async onOp(ctx, { userId, step, data }, op) {
      switch (op.op) {
        case 'birth':
          return receiveBirthDate(ctx, deps, userId, { step, data }, op.picked_date ?? '');
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
          return;
      }
    },
  });
}

async function onMessage(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  flow: FlowState,
  message: IncomingMessage,
): Promise<MessageOutcome> {
  const lang = ctx.language;
  const { data } = flow;
  switch (flow.step) {
    case 'nickname': {
      const checked = message.type === 'text' ? checkNickname(message.text) : null;
      if (!checked?.ok) {
        const reason = checked ? checked.reason : 'notText';
        ctx.send(nicknamePrompt(lang, data.k, `register.nicknameErrors.${reason}`));
      } else if (data.mode === 'rename') {
        saveNickname(ctx, userId, data.childId ?? '', checked.nickname);
      } else {
        goTo(ctx, deps, userId, 'birth', { ...data, nickname: checked.nickname });
      }
      return 'handled';
    }
    case 'birth':
      receiveBirthDate(
        ctx,
        deps,
        userId,
        flow,
        message.type === 'text' ? (parseTypedDate(message.text) ?? '') : '',
      );
      return 'handled';
    default:
      // The district and the confirmation take buttons only.
      return 'reprompt';
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
