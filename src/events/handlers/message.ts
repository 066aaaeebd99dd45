// message: a user in a flow is answered by that flow; "キャンセル"/"cancel" leaves any flow; a lapsed flow is
// explained; typed text goes to the features' free-text answers; otherwise text, stickers and other messages get a helpful answer pointing at the menu.
import { clearState } from '../../conversation/state-repository.ts';
import { isCancelWord } from '../../i18n/index.ts';
import { entryQuickReplies } from '../entry-quick-replies.ts';
import type { HandlerContext } from '../handler-context.ts';
import { type IncomingMessage, messageEventSchema, parseIncomingMessage } from '../incoming.ts';

export async function handleMessage(ctx: HandlerContext): Promise<void> {
  const userId = ctx.userId;
  const event = messageEventSchema.parse(ctx.event.payload);
  const message = parseIncomingMessage(event.message);
  if (!userId) return;

  const state = ctx.state;
  if (message.type === 'text' && isCancelWord(message.text)) {
    if (state) {
      ctx.write(async (tx) => {
        await clearState(tx, userId);
      });
      ctx.sendText('flow.cancelled');
    } else {
      ctx.sendText('flow.nothingToCancel');
    }
    return;
  }
  if (state && state.expiresAt.getTime() <= Date.now()) {
    ctx.write(async (tx) => {
      await clearState(tx, userId);
    });
    ctx.sendText('flow.expired');
    return;
  }
  const flow = state ? ctx.services.flows.get(state.flow) : undefined;
  if (state && flow && message.type !== 'other') {
    await flow.onMessage(ctx, state, message);
    return;
  }
  if (state && !flow) {
    // A flow removed by an upgrade: its state can never finish, so it is dropped rather than kept forever.
    ctx.log.warn({ flow: state.flow }, 'conversation state names an unknown flow; clearing it');
    ctx.write(async (tx) => {
      await clearState(tx, userId);
    });
  }
  if ((message.type === 'image' || message.type === 'location') && (await offerFeatures(ctx, message)))
    return;
  // Typed text outside a conversation: a feature answers it (よくある質問, routing to a feature) if it can.
  if (message.type === 'text' && (await ctx.services.features.answerText(ctx, message.text))) return;
  switch (message.type) {
    case 'text':
      ctx.sendText('fallback.text');
      break;
    case 'sticker':
      ctx.sendText('fallback.sticker');
      break;
    default:
      ctx.sendText('fallback.unsupported');
  }
  // The keyboard hides the rich menu: the main entries as buttons.
  ctx.addQuickReplies(entryQuickReplies(ctx));
}

/**
 * A photo or a place sent outside any conversation is not refused: the features that can do something with it
 * (report damage there, later the nearest shelters) offer it as buttons. False when none can.
 */
async function offerFeatures(
  ctx: HandlerContext,
  message: Extract<IncomingMessage, { type: 'image' | 'location' }>,
): Promise<boolean> {
  const offers = await ctx.services.features.offersFor(ctx, message);
  if (offers.length === 0) return false;
  ctx.sendText(message.type === 'image' ? 'offer.image' : 'offer.location');
  ctx.addQuickReplies([...offers, ...entryQuickReplies(ctx)].slice(0, 13));
  return true;
}
