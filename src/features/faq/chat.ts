// The resident side of よくある質問: typed questions answered (or routed to a feature, or honestly not known),
// the rich menu's よくある質問 and お問い合わせ, and the buttons of their messages (areas, entries, departments,
// 解決した / 解決しない). Every typed question is recorded without who asked, for the staff's curation.
import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import { entryQuickReplies } from '../../events/entry-quick-replies.ts';
import type { HandlerContext } from '../../events/handler-context.ts';
import { openMenuItem } from '../../events/menu-actions.ts';
import { MENU_ITEMS, type MenuItem, postbackData } from '../../events/postback-data.ts';
import {
  answerCard,
  areaMessage,
  areasMessage,
  clip,
  departmentCard,
  departmentsMessage,
  entryItems,
  faqData,
  feedbackItems,
  menuItemButton,
} from './cards.ts';
import type { FaqIntent } from './content.ts';
import type { FaqEngine } from './engine.ts';
import { insertQuestion, recordFeedback } from './repository.ts';
import type { FaqStore } from './store.ts';

/** Only the start of a very long message is searched (a question is short; this bounds the work). */
const SEARCHED_CHARS = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isMenuItem(value: string): value is MenuItem {
  return (MENU_ITEMS as readonly string[]).includes(value);
}

/** Whether this app can do what the intent names: its menu entry or feature postback is answered. */
export function intentAvailable(ctx: HandlerContext, intent: FaqIntent): boolean {
  const target = intent.target;
  if ('menu' in target)
    return isMenuItem(target.menu) && ctx.services.features.menuItem(target.menu) !== undefined;
  return ctx.services.features.postback(target.feature) !== undefined;
}

function wayOut(ctx: HandlerContext): messagingApi.QuickReplyItem[] {
  return [
    menuItemButton(ctx.language, 'contact', 'quick.contact'),
    menuItemButton(ctx.language, 'faq', 'quick.faq'),
  ];
}

export function faqChat(store: FaqStore, now: () => Date) {
  async function route(ctx: HandlerContext, intent: FaqIntent): Promise<void> {
    const lang = ctx.language;
    const target = intent.target;
    if (intent.offer) {
      const data =
        'menu' in target
          ? postbackData({ action: 'menu', item: target.menu })
          : postbackData({ action: 'feature', feature: target.feature, ...target.fields });
      const label = intent.offer.label[lang];
      ctx.send({
        type: 'text',
        text: intent.offer.say[lang],
        quickReply: {
          items: [
            {
              type: 'action',
              action: { type: 'postback', label: clip(label, 20), data, displayText: label },
            },
            ...wayOut(ctx),
          ],
        },
      });
      return;
    }
    if ('menu' in target) {
      if (isMenuItem(target.menu)) await openMenuItem(ctx, target.menu);
      return;
    }
    await ctx.services.features.postback(target.feature)?.(ctx, target.fields);
  }

  function answer(
    ctx: HandlerContext,
    engine: FaqEngine,
    entryId: string,
    questionId: string | null,
    next: string[],
  ) {
    const entry = engine.entry(entryId);
    if (!entry) return false;
    const lang = ctx.language;
    const quick = [
      ...entryItems(
        lang,
        next.flatMap((id) => engine.entry(id) ?? []),
      ),
      ...feedbackItems(lang, entry.id, questionId),
      ...wayOut(ctx),
    ];
    ctx.send(answerCard(engine.content, lang, entry, quick));
    return true;
  }

  async function freeText(ctx: HandlerContext, typed: string): Promise<boolean> {
    const text = typed.trim();
    if (!text) return false;
    const engine = await store.engine(ctx.services.pool);
    const result = engine.ask(text.slice(0, SEARCHED_CHARS), (intent) => intentAvailable(ctx, intent));
    const id = randomUUID();
    const record = {
      id,
      askedAt: now(),
      language: ctx.language,
      text: text.slice(0, 5000),
      confidence: result.confidence,
    };
    if (result.kind === 'intent') {
      ctx.write((tx) =>
        insertQuestion(tx, { ...record, outcome: 'routed', entryId: null, intentId: result.intent.id }),
      );
      await route(ctx, result.intent);
      return true;
    }
    if (result.kind === 'answer') {
      ctx.write((tx) =>
        insertQuestion(tx, { ...record, outcome: 'answered', entryId: result.entry.id, intentId: null }),
      );
      answer(
        ctx,
        engine,
        result.entry.id,
        id,
        result.next.map((e) => e.id),
      );
      return true;
    }
    ctx.write((tx) =>
      insertQuestion(tx, { ...record, outcome: 'unanswered', entryId: null, intentId: null }),
    );
    const lang = ctx.language;
    ctx.send({
      type: 'text',
      text: ctx.t(result.closest.length ? 'faq:unknown.text' : 'faq:unknown.none'),
      quickReply: { items: [...entryItems(lang, result.closest), ...wayOut(ctx)] },
    });
    // Never a dead end: the main entries too (the keyboard hides the rich menu).
    ctx.addQuickReplies(entryQuickReplies(ctx));
    return true;
  }

  async function onPostback(ctx: HandlerContext, fields: Record<string, string>): Promise<void> {
    const engine = await store.engine(ctx.services.pool);
    const content = engine.content;
    const lang = ctx.language;
    switch (fields.do) {
      case 'area': {
        const message = areaMessage(content, lang, fields.a ?? '', wayOut(ctx));
        if (message) ctx.send(message);
        else ctx.sendText('faq:area.unknown');
        return;
      }
      case 'entry': {
        const entry = engine.entry(fields.id ?? '');
        if (!entry) {
          ctx.sendText('faq:feedback.stale');
          return;
        }
        ctx.send(
          answerCard(content, lang, entry, [
            ...feedbackItems(lang, entry.id, null),
            {
              type: 'action',
              action: {
                type: 'postback',
                label: clip(content.areas.find((a) => a.id === entry.area)?.title[lang] ?? entry.area, 20),
                data: faqData({ do: 'area', a: entry.area }),
              },
            },
            ...wayOut(ctx),
          ]),
        );
        return;
      }
      case 'fb': {
        const entry = engine.entry(fields.e ?? '');
        const questionId = fields.q && UUID.test(fields.q) ? fields.q : null;
        if (!entry || (fields.v !== '1' && fields.v !== '0')) {
          ctx.sendText('faq:feedback.stale');
          return;
        }
        const helpful = fields.v === '1';
        // The first tap on a question counts (decided in the event's transaction); either way we thank them.
        ctx.write(async (tx) => {
          await recordFeedback(tx, { entryId: entry.id, questionId, helpful, language: lang, at: now() });
        });
        if (helpful) {
          ctx.sendText('faq:feedback.thanks');
          return;
        }
        ctx.sendText('faq:feedback.sorry');
        const department = content.departments.find((d) => d.id === entry.department);
        if (department) ctx.send(departmentCard(lang, department, wayOut(ctx)));
        return;
      }
      case 'dept': {
        const department = content.departments.find((d) => d.id === fields.id);
        if (department) ctx.send(departmentCard(lang, department, wayOut(ctx)));
        else ctx.sendText('faq:contact.unknown');
        return;
      }
      default:
        ctx.sendText('faq:feedback.stale');
    }
  }

  return {
    freeText,
    onPostback,
    async faqMenu(ctx: HandlerContext) {
      const engine = await store.engine(ctx.services.pool);
      ctx.send(
        areasMessage(engine.content, ctx.language, [
          menuItemButton(ctx.language, 'contact', 'quick.contact'),
        ]),
      );
    },
    async contactMenu(ctx: HandlerContext) {
      const engine = await store.engine(ctx.services.pool);
      ctx.send(
        departmentsMessage(engine.content, ctx.language, [menuItemButton(ctx.language, 'faq', 'quick.faq')]),
      );
    },
  };
}
