// The children's stateless buttons (`do=…` feature postbacks): register, list, consent, rename, change the
// birth date, delete, district and withdrawal. Every child id is checked against the tapping user: a deleted
// child or another user's id changes nothing and is answered politely.
import { clearState } from '../../../conversation/state-repository.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { eraseRawData } from '../../../privacy/index.ts';
import { cityDate } from '../dates.ts';
import { isDistrict } from '../districts.ts';
import {
  askCard,
  childrenCarousel,
  districtChoices,
  districtText,
  entryItems,
  text,
  tr,
  withList,
} from './cards.ts';
import { CONSENT_VERSION, hasCurrentConsent } from './consent.ts';
import { askConsent, parentWithConsent } from './consent-gate.ts';
import type { ChildrenDeps } from './deps.ts';
import { formatAge, formatBirthDate } from './format.ts';
import { type FeatureOp, FLOW_NAME, featureData, newSessionKey, parseFeatureOp } from './postback.ts';
import { beginAdd } from './register.ts';
import {
  deleteChild,
  findChild,
  findParent,
  giveConsent,
  listChildren,
  setDistrict,
  updateChild,
  withdrawConsent,
} from './repository.ts';
import { goTo } from './steps.ts';
import { checkBirthDate, MAX_AGE_YEARS } from './validate.ts';

/** Handles `action=feature&feature=childcare&do=…`. */
export async function onChildrenPostback(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  fields: Record<string, string>,
): Promise<void> {
  const userId = ctx.userId;
  const op = parseFeatureOp(fields);
  if (!userId || !op) {
    ctx.send(text(ctx.language, 'stale'));
    return;
  }
  await run(ctx, deps, userId, op);
}

async function run(ctx: HandlerContext, deps: ChildrenDeps, userId: string, op: FeatureOp): Promise<void> {
  const lang = ctx.language;
  const pool = ctx.services.pool;
  switch (op.do) {
    case 'add': {
      const parent = await parentWithConsent(ctx, userId, 'add');
      if (parent) await beginAdd(ctx, deps, userId, parent);
      return;
    }
    case 'list':
      return showList(ctx, deps, userId);
    case 'consent':
      return consent(ctx, deps, userId, op.v, op.next);
    case 'refuse': {
      const parent = await findParent(pool, userId);
      const key = !parent
        ? 'consent.refused'
        : hasCurrentConsent(parent)
          ? 'consent.alreadyGiven'
          : 'consent.refusedKept';
      ctx.send(parent ? withList(lang, key) : text(lang, key));
      return;
    }
    case 'rename': {
      // The owner first: another user's id is "not found" whatever that user's own consent is.
      const child = await findChild(pool, userId, op.c);
      if (!child) return notFound(ctx);
      if (!(await parentWithConsent(ctx, userId, 'list'))) return;
      return goTo(ctx, deps, userId, 'nickname', {
        k: newSessionKey(),
        mode: 'rename',
        childId: child.id,
        nickname: child.nickname,
        askDistrict: false,
        district: null,
      });
    }
    case 'birth':
      return changeBirthDate(ctx, deps, userId, op.c, op.picked_date);
    case 'del': {
      const child = await findChild(pool, userId, op.c);
      if (!child) return notFound(ctx);
      ctx.send(
        askCard(lang, {
          question: tr(lang, 'delete.ask', { name: child.nickname }),
          yes: tr(lang, 'delete.yes'),
          yesData: featureData({ do: 'del-yes', c: child.id }),
          no: tr(lang, 'delete.no'),
          noData: featureData({ do: 'del-no' }),
          altText: tr(lang, 'delete.altText', { name: child.nickname }),
        }),
      );
      return;
    }
    case 'del-yes':
      ctx.write(async (tx) => {
        const child = await deleteChild(tx, userId, op.c);
        // The nickname and birth date are in the parent's past messages and answers too.
        if (child) await eraseRawData(tx, [userId], deps.now());
        ctx.send(
          child ? withList(lang, 'delete.done', { name: child.nickname }) : withList(lang, 'notFound'),
        );
      });
      return;
    case 'del-no':
      ctx.send(withList(lang, 'delete.kept'));
      return;
    case 'district': {
      if (!(await findParent(pool, userId))) return showList(ctx, deps, userId);
      if (!(await parentWithConsent(ctx, userId, 'list'))) return;
      ctx.send(
        text(
          lang,
          'district.prompt',
          {},
          districtChoices(lang, (d) => featureData({ do: 'district-set', d })),
        ),
      );
      return;
    }
    case 'district-set': {
      if (op.d !== 'none' && !isDistrict(op.d)) {
        ctx.send(text(lang, 'stale'));
        return;
      }
      if (!(await parentWithConsent(ctx, userId, 'list'))) return;
      const district = op.d === 'none' ? null : op.d;
      ctx.write(async (tx) => {
        if (!(await setDistrict(tx, userId, district))) {
          ctx.send(text(lang, 'stale'));
          return;
        }
        ctx.send(
          district
            ? withList(lang, 'district.changed', { district: districtText(lang, district) })
            : withList(lang, 'district.cleared'),
        );
      });
      return;
    }
    case 'withdraw': {
      if (!(await findParent(pool, userId))) {
        ctx.send(text(lang, 'withdraw.nothing', {}, entryItems(lang)));
        return;
      }
      ctx.send(
        askCard(lang, {
          question: tr(lang, 'withdraw.ask'),
          yes: tr(lang, 'withdraw.yes'),
          yesData: featureData({ do: 'withdraw-yes' }),
          no: tr(lang, 'withdraw.no'),
          noData: featureData({ do: 'withdraw-no' }),
          altText: tr(lang, 'withdraw.altText'),
        }),
      );
      return;
    }
    case 'withdraw-yes':
      ctx.write(async (tx) => {
        const withdrawn = await withdrawConsent(tx, userId, deps.now());
        if (withdrawn) await eraseRawData(tx, [userId], deps.now());
        // A registration under way would only fail later: end it with the data it was for.
        if (ctx.state?.flow === FLOW_NAME) await clearState(tx, userId);
        ctx.send(text(lang, withdrawn ? 'withdraw.done' : 'withdraw.nothing'));
      });
      return;
    case 'withdraw-no':
      ctx.send(withList(lang, 'withdraw.kept'));
      return;
  }
}

function notFound(ctx: HandlerContext): void {
  ctx.send(withList(ctx.language, 'notFound'));
}

/** Agreeing: stores the version and the time (once per version), then carries on with what was asked. */
async function consent(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  version: string,
  next: 'add' | 'list',
): Promise<void> {
  const parent = await findParent(ctx.services.pool, userId);
  if (version !== CONSENT_VERSION) {
    // A card from before the wording changed: agreeing to it is not agreeing to what is in force now.
    askConsent(ctx, parent !== null, next);
    return;
  }
  if (!hasCurrentConsent(parent)) {
    const at = deps.now();
    ctx.write(async (tx) => {
      await giveConsent(tx, userId, version, at);
    });
    ctx.send(text(ctx.language, 'consent.thanks'));
  }
  if (next === 'add') await beginAdd(ctx, deps, userId, { district: parent?.district ?? null });
  else await showList(ctx, deps, userId);
}

async function showList(ctx: HandlerContext, deps: ChildrenDeps, userId: string): Promise<void> {
  const lang = ctx.language;
  const parent = await findParent(ctx.services.pool, userId);
  if (!parent) {
    ctx.send(text(lang, 'list.empty', {}, entryItems(lang).slice(0, 1)));
    return;
  }
  // With no child left the carousel still offers adding one, the district and withdrawing consent.
  const children = await listChildren(ctx.services.pool, userId);
  ctx.send(childrenCarousel(lang, children, parent.district, cityDate(deps.now())));
}

async function changeBirthDate(
  ctx: HandlerContext,
  deps: ChildrenDeps,
  userId: string,
  childId: string,
  picked: string | undefined,
): Promise<void> {
  const lang = ctx.language;
  if (!(await findChild(ctx.services.pool, userId, childId))) return notFound(ctx);
  if (!(await parentWithConsent(ctx, userId, 'list'))) return;
  if (!picked) {
    ctx.send(withList(lang, 'birth.noDate'));
    return;
  }
  const checked = checkBirthDate(picked, deps.now());
  if (!checked.ok) {
    ctx.send(withList(lang, `register.birthErrors.${checked.reason}`, { years: MAX_AGE_YEARS }));
    return;
  }
  const today = cityDate(deps.now());
  ctx.write(async (tx) => {
    const child = await updateChild(tx, userId, childId, { birthDate: checked.date });
    ctx.send(
      child
        ? withList(lang, 'birth.done', {
            name: child.nickname,
            birthDate: formatBirthDate(lang, child.birthDate),
            age: formatAge(lang, child.birthDate, today),
          })
        : withList(lang, 'notFound'),
    );
  });
}
