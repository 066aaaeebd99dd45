// The chat transcript: rows for the user's and the bot's messages, date chips, times and read marks.
import { clear, h, safeImageUrl } from './dom.js';
import { renderBotMessage, renderUserMessage } from './message-render.js';
import { ACCOUNT_NAME, ui } from './ui-text.js';

function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  if (dayKey(date) === dayKey(today)) return ui('today');
  if (dayKey(date) === dayKey(yesterday)) return ui('yesterday');
  return date.toLocaleDateString(document.documentElement.lang === 'en' ? 'en-US' : 'ja-JP', {
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  });
}

function timeLabel(date) {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * The chat list inside `container`. Items are TranscriptItems; each id is shown once however often it
 * arrives (transcript load and the live stream overlap).
 */
export function createChatView(container, { onAction }) {
  const ids = new Set();
  let items = [];
  // What the last drawn row was, to group runs of bot messages and insert date chips.
  let previous = null;

  function reset() {
    ids.clear();
    items = [];
    previous = null;
    clear(container);
  }

  function draw(item) {
    const at = new Date(item.at);
    const newDay = !previous || dayKey(new Date(previous.at)) !== dayKey(at);
    const el = item.from === 'bot' ? botRow(item, at, newDay) : userRow(item, at, newDay);
    // Items LINE does not show (a postback without displayText) leave no trace, not even a date chip.
    if (!el) return;
    if (newDay) container.append(h('div', { className: 'chat-date' }, h('span', { text: dayLabel(at) })));
    container.append(el);
    previous = item;
  }

  function botRow(item, at, newDay) {
    // A message's `sender` replaces the account's name and icon, as LINE shows it.
    const sender = item.message?.sender ?? {};
    const senderName = typeof sender.name === 'string' && sender.name ? sender.name : ACCOUNT_NAME;
    const senderIcon = safeImageUrl(sender.iconUrl);
    const previousSender = previous?.from === 'bot' ? (previous.message?.sender?.name ?? ACCOUNT_NAME) : null;
    const first = newDay || previousSender !== senderName;
    const { el, bare } = renderBotMessage(item.message, onAction);
    const isCarousel = item.message?.type === 'flex' && item.message.contents?.type === 'carousel';
    const content = bare ? el : h('div', { className: `bubble bubble-bot${first ? ' tail' : ''}` }, el);
    return h(
      'div',
      {
        className: `row row-bot${first ? ' first' : ''}${isCarousel ? ' row-wide' : ''}`,
        attrs: { 'data-testid': 'msg-bot', 'data-item-id': item.id, 'data-via': item.via ?? 'reply' },
      },
      avatar(first, senderIcon),
      h(
        'div',
        { className: 'row-col' },
        first ? h('div', { className: 'sender', text: senderName }) : null,
        h(
          'div',
          { className: 'row-line' },
          content,
          h('span', { className: 'msg-time', text: timeLabel(at) }),
        ),
      ),
    );
  }

  function avatar(shown, iconUrl) {
    const el = h('div', { className: 'avatar', attrs: { 'aria-hidden': 'true' } });
    if (!shown) return el;
    if (iconUrl) el.append(h('img', { attrs: { src: iconUrl, alt: '' } }));
    else el.textContent = ACCOUNT_NAME.charAt(0);
    return el;
  }

  function userRow(item, at, newDay) {
    const rendered = renderUserMessage(item.message);
    if (!rendered) return null;
    if (rendered.notice) {
      return h(
        'div',
        { className: 'chat-notice', attrs: { 'data-testid': 'msg-notice', 'data-item-id': item.id } },
        h('span', { text: rendered.notice }),
      );
    }
    const first =
      newDay || previous?.from !== 'user' || ['follow', 'unfollow'].includes(previous.message?.type);
    const content = rendered.bare
      ? rendered.el
      : h('div', { className: `bubble bubble-user${first ? ' tail' : ''}` }, rendered.el);
    return h(
      'div',
      { className: 'row row-user', attrs: { 'data-testid': 'msg-user', 'data-item-id': item.id } },
      h(
        'div',
        { className: 'row-line' },
        h(
          'div',
          { className: 'msg-meta' },
          h('span', { className: 'msg-read', text: ui('read') }),
          h('span', { className: 'msg-time', text: timeLabel(at) }),
        ),
        content,
      ),
    );
  }

  function scrollToEnd() {
    container.scrollTop = container.scrollHeight;
  }

  // Images load after their row is drawn; keep the newest message in view while they do.
  container.addEventListener(
    'load',
    () => {
      if (container.dataset.pinned !== 'false') scrollToEnd();
    },
    true,
  );
  container.addEventListener('scroll', () => {
    const nearEnd = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    container.dataset.pinned = String(nearEnd);
  });

  /** Adds one item; false if it was already shown. Items arriving out of order redraw the list. */
  function add(item) {
    if (!item || typeof item.id !== 'string' || ids.has(item.id)) return false;
    ids.add(item.id);
    const last = items.at(-1);
    items.push(item);
    if (last && Date.parse(item.at) < Date.parse(last.at)) {
      items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      redraw();
    } else {
      draw(item);
    }
    scrollToEnd();
    return true;
  }

  function redraw() {
    clear(container);
    previous = null;
    for (const item of items) draw(item);
    scrollToEnd();
  }

  return {
    reset,
    add,
    redraw,
    /** The newest item, for quick replies (LINE shows only the last message's). */
    lastItem: () => items.at(-1),
  };
}
