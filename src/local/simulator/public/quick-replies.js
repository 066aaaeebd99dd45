// Quick reply buttons above the chat bar, for the newest message only (as LINE shows them).
import { clear, h, safeImageUrl, safeUri } from './dom.js';

/** Fills `host` with the quick replies of `item` (a TranscriptItem) if it is the bot's; hides it otherwise. */
export function renderQuickReplies(host, item, onAction) {
  clear(host);
  const items = item?.from === 'bot' ? item.message?.quickReply?.items : undefined;
  const list = Array.isArray(items) ? items.filter((entry) => entry?.action) : [];
  host.hidden = list.length === 0;
  for (const entry of list) {
    const { action } = entry;
    const icon = safeImageUrl(entry.imageUrl);
    const content = [
      icon ? h('img', { className: 'qr-icon', attrs: { src: icon, alt: '' } }) : null,
      h('span', { text: action.label ?? '' }),
    ];
    const chip =
      action.type === 'uri'
        ? h(
            'a',
            {
              className: 'qr-chip',
              attrs: {
                href: safeUri(action.uri),
                target: '_blank',
                rel: 'noopener noreferrer',
                'data-testid': 'quick-reply',
              },
            },
            content,
          )
        : h(
            'button',
            {
              className: 'qr-chip',
              attrs: { type: 'button', 'data-testid': 'quick-reply' },
              on: { click: () => onAction(action) },
            },
            content,
          );
    host.append(chip);
  }
}
