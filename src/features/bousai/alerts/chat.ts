// What residents see of the alerts part: 避難情報 (the latest push in their language, or none in force), 災害時の
// 連絡先, and choosing the district whose 避難情報 they receive (feature postbacks `bousai-alerts`).
import type { messagingApi } from '@line/bot-sdk';
import type { FeaturePostbackHandler, MenuItemHandler } from '../../../events/feature-registry.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { postbackData } from '../../../events/postback-data.ts';
import { currentMenuMode } from '../../../line/richmenu/mode.ts';
import { DISTRICTS, districtName, isDistrict } from '../../childcare/districts.ts';
import { alertMessage } from './push/message.ts';
import { latestAlertSend } from './push/repository.ts';

export const ALERTS_POSTBACK = 'bousai-alerts';

/** How long a 避難情報 counts as in force outside disaster mode (a lifted one is answered as such anyway). */
const IN_FORCE_MS = 72 * 3_600_000;

function districtButton(ctx: HandlerContext): messagingApi.QuickReplyItem {
  const label = ctx.t('bousaiAlerts:district.button');
  return {
    type: 'action',
    action: {
      type: 'postback',
      label,
      data: postbackData({ action: 'feature', feature: ALERTS_POSTBACK, op: 'districts' }),
      displayText: label,
    },
  };
}

export function evacuationInfoHandler(now: () => Date): MenuItemHandler {
  return async (ctx) => {
    const pool = ctx.services.pool;
    const latest = await latestAlertSend(pool);
    const inDisaster = (await currentMenuMode(pool)) === 'disaster';
    const recent = latest && (inDisaster || now().getTime() - latest.createdAt.getTime() < IN_FORCE_MS);
    if (latest && recent) {
      const message = alertMessage(latest.texts, ctx.language);
      ctx.sendText('bousaiAlerts:latest');
      ctx.send({
        ...message,
        quickReply: { items: [...(message.quickReply?.items ?? []), districtButton(ctx)] },
      });
      return;
    }
    ctx.send({
      type: 'text',
      text: ctx.t('bousaiAlerts:none'),
      quickReply: { items: [districtButton(ctx)] },
    });
  };
}

export const contactsHandler: MenuItemHandler = async (ctx) => {
  ctx.sendText('bousaiAlerts:contacts');
};

export const alertsPostback: FeaturePostbackHandler = async (ctx, fields) => {
  const userId = ctx.userId;
  if (!userId) return;
  if (fields.op === 'districts') {
    ctx.send({
      type: 'text',
      text: ctx.t('bousaiAlerts:district.ask'),
      // 12 districts at most (districts.json): within a quick reply's 13 items.
      quickReply: {
        items: DISTRICTS.map((d) => {
          const label = (districtName(d.id, ctx.language) ?? d.ja).slice(0, 20);
          return {
            type: 'action' as const,
            action: {
              type: 'postback' as const,
              label,
              data: postbackData({ action: 'feature', feature: ALERTS_POSTBACK, op: 'district', d: d.id }),
              displayText: districtName(d.id, ctx.language) ?? d.ja,
            },
          };
        }),
      },
    });
    return;
  }
  if (fields.op === 'district' && fields.d && isDistrict(fields.d)) {
    const district = fields.d;
    ctx.write(async (tx) => {
      await tx.query(
        `INSERT INTO bousai_resident_districts (user_id, district, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (user_id) DO UPDATE SET district = EXCLUDED.district, updated_at = now()`,
        [userId, district],
      );
    });
    ctx.sendText('bousaiAlerts:district.saved', {
      district: districtName(district, ctx.language) ?? district,
    });
    return;
  }
  ctx.sendText('flow.staleButton');
};
