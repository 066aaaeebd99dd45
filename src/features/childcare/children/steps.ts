// Moving the registration conversation to a step: queue saving the state and send that step's prompt.
import type { HandlerContext } from '../../../events/handler-context.ts';
import { cityDate } from '../dates.ts';
import { birthPrompt, confirmCard, districtPrompt, nicknamePrompt, renamePrompt } from './cards.ts';
import type { ChildrenDeps } from './deps.ts';
import { type FlowData, type Step, storeFlow } from './state.ts';

export function goTo(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  step: Step,
  data: FlowData,
): void {
  const lang = ctx.language;
  const today = cityDate(deps.now());
  switch (step) {
    case 'nickname':
      ctx.send(
        data.mode === 'rename' && data.childId
          ? renamePrompt(lang, data.k, data.nickname ?? '')
          : nicknamePrompt(lang, data.k),
      );
      break;
    case 'birth':
      ctx.send(birthPrompt(lang, data.k, data.nickname ?? '', today));
      break;
    case 'district':
      ctx.send(districtPrompt(lang, data.k));
      break;
    case 'confirm':
      ctx.send(
        confirmCard(lang, data.k, {
          nickname: data.nickname ?? '',
          birthDate: data.birthDate ?? today,
          district: data.district,
          today,
        }),
      );
      break;
  }
  ctx.write(async (tx) => {
    await storeFlow(tx, userId, { step, data });
  });
}

/** After the birth date: the district when this registration asks it, else the confirmation. */
export function afterBirthDate(data: FlowData): Step {
  return data.askDistrict ? 'district' : 'confirm';
}
