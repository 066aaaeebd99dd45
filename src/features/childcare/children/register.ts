// Starting a registration and storing its result: the consent and the ten-children limit are checked when
// it starts and again in the transaction that stores the child, so a withdrawal meanwhile stores nothing.
import { clearState } from '../../../conversation/state-repository.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { registeredText, text, withList } from './cards.ts';
import { hasCurrentConsent } from './consent.ts';
import type { ChildrenDeps } from './deps.ts';
import { newSessionKey } from './postback.ts';
import {
  countChildren,
  findParent,
  insertChild,
  MAX_CHILDREN,
  type Parent,
  setDistrict,
  updateChild,
} from './repository.ts';
import type { FlowData } from './state.ts';
import { goTo } from './steps.ts';
import { checkBirthDate, checkNickname } from './validate.ts';

/** Asks the first question of a new child; `parent` has agreed to the current wording (or is about to). */
export async function beginAdd(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  parent: Pick<Parent, 'district'>,
): Promise<void> {
  const count = await countChildren(ctx.services.pool, userId);
  if (count >= MAX_CHILDREN) {
    ctx.send(withList(ctx.language, 'register.limit', { max: MAX_CHILDREN }));
    return;
  }
  // The district is asked once, with the first child; later it is changed from the list.
  goTo(ctx, deps, userId, 'nickname', {
    k: newSessionKey(),
    mode: 'add',
    askDistrict: parent.district === null && count === 0,
    district: parent.district,
  });
}

/** Stores the new child (and the district asked with it) in one write, then thanks the parent. */
export function saveChild(ctx: HandlerContext, deps: ChildrenDeps, userId: string, data: FlowData): void {
  const lang = ctx.language;
  const nickname = checkNickname(data.nickname ?? '');
  const birthDate = checkBirthDate(data.birthDate ?? '', deps.now());
  if (!nickname.ok || !birthDate.ok) {
    ctx.send(text(lang, 'stale'));
    return;
  }
  ctx.write(async (tx) => {
    const parent = await findParent(tx, userId, true);
    await clearState(tx, userId);
    if (!hasCurrentConsent(parent)) {
      ctx.send(text(lang, 'register.consentGone'));
      return;
    }
    if ((await countChildren(tx, userId)) >= MAX_CHILDREN) {
      ctx.send(withList(lang, 'register.limit', { max: MAX_CHILDREN }));
      return;
    }
    const child = await insertChild(tx, userId, { nickname: nickname.nickname, birthDate: birthDate.date });
    if (data.askDistrict) await setDistrict(tx, userId, data.district);
    ctx.send(registeredText(lang, child));
  });
}

export function saveNickname(ctx: HandlerContext, userId: string, childId: string, nickname: string): void {
  const lang = ctx.language;
  ctx.write(async (tx) => {
    await clearState(tx, userId);
    if (!hasCurrentConsent(await findParent(tx, userId, true))) {
      ctx.send(text(lang, 'register.consentGone'));
      return;
    }
    const child = await updateChild(tx, userId, childId, { nickname });
    ctx.send(child ? withList(lang, 'rename.done', { name: child.nickname }) : withList(lang, 'notFound'));
  });
}
