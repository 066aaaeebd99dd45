// The 避難情報 message of one language: the template's text with quick replies to find a shelter and to report.
import type { messagingApi } from '@line/bot-sdk';
import { t } from '../../../../i18n/index.ts';
import { isLanguage, type Language } from '../../../../i18n/languages.ts';
import type { AlertTexts } from './templates.ts';

function menuButton(lang: Language, key: string, item: string): messagingApi.QuickReplyItem {
  const label = t(lang, `bousaiAlerts:quick.${key}`);
  return {
    type: 'action',
    action: { type: 'postback', label, data: `action=menu&item=${item}`, displayText: label },
  };
}

export function alertMessage(texts: AlertTexts, language: string): messagingApi.TextMessage {
  const lang: Language = isLanguage(language) ? language : 'ja';
  return {
    type: 'text',
    text: texts[lang] ?? texts.ja,
    quickReply: {
      items: [menuButton(lang, 'shelters', 'disaster'), menuButton(lang, 'safety', 'safetyReport')],
    },
  };
}
