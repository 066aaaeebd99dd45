// Before a parent adds or changes anything: the consent in force, or the consent card (with a note when
// they agreed to an older wording). Deleting and withdrawing never need it.
import type { HandlerContext } from '../../../events/handler-context.ts';
import { consentCard, text } from './cards.ts';
import { CONSENT_VERSION, hasCurrentConsent } from './consent.ts';
import { findParent, type Parent } from './repository.ts';

/** The parent when they agreed to the current wording; otherwise asks for consent and returns null. */
export async function parentWithConsent(
  ctx: HandlerContext,
  userId: string,
  next: 'add' | 'list',
): Promise<Parent | null> {
  const parent = await findParent(ctx.services.pool, userId);
  if (hasCurrentConsent(parent)) return parent;
  askConsent(ctx, parent !== null, next);
  return null;
}

export function askConsent(ctx: HandlerContext, olderVersion: boolean, next: 'add' | 'list'): void {
  if (olderVersion) ctx.send(text(ctx.language, 'consent.changed'));
  ctx.send(consentCard(ctx.language, CONSENT_VERSION, next));
}
