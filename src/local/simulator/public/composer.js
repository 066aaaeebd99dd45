// The chat bar: LINE's menu mode (keyboard icon + the menu's chat-bar text toggling the menu) and keyboard
// mode (+, photo, text input, sticker, send), or the "blocked" bar when the user has unfollowed.
import { h } from './dom.js';
import { icon } from './icons.js';
import { ui } from './ui-text.js';

/**
 * Built once; `update(view)` shows the right parts. handlers: sendText(text), toggleMenu(), showKeyboard(),
 * showMenu(), openSheet(name), pickImage(), unblock().
 */
export function createComposer(root, handlers) {
  const input = h('input', {
    className: 'bar-input',
    attrs: { type: 'text', maxlength: '5000', 'data-testid': 'text-input', autocomplete: 'off' },
  });
  const send = () => {
    const text = input.value;
    if (text.trim() === '') return;
    input.value = '';
    updateSend();
    handlers.sendText(text);
  };
  const button = (className, iconName, label, testid, onClick) =>
    h(
      'button',
      {
        className: `bar-button ${className}`,
        attrs: { type: 'button', 'aria-label': label, 'data-testid': testid },
        on: { click: onClick },
      },
      icon(iconName),
    );

  const keyboardButton = button(
    'bar-keyboard',
    'keyboard',
    'keyboard',
    'keyboard-button',
    handlers.showKeyboard,
  );
  const chatBarArrow = h('span', { className: 'chatbar-arrow' });
  const chatBarLabel = h('span', { className: 'chatbar-label' });
  const chatBarButton = h(
    'button',
    {
      className: 'chatbar-text',
      attrs: { type: 'button', 'data-testid': 'chatbar-text' },
      on: { click: handlers.toggleMenu },
    },
    chatBarLabel,
    chatBarArrow,
  );
  const menuButton = button('bar-menu', 'menu', 'menu', 'menu-button', handlers.showMenu);
  const plusButton = button('bar-plus', 'plus', 'more', 'plus-button', () => handlers.openSheet('plus'));
  const photoButton = button('bar-photo', 'photo', 'photo', 'photo-button', handlers.pickImage);
  const stickerButton = button('bar-sticker', 'sticker', 'sticker', 'sticker-button', () =>
    handlers.openSheet('stickers'),
  );
  const sendButton = button('bar-send', 'send', 'send', 'send-button', send);
  const blocked = h('div', { className: 'bar-blocked', attrs: { 'data-testid': 'blocked-bar' } });
  const blockedText = h('span');
  const unblockButton = h('button', {
    className: 'bar-unblock',
    attrs: { type: 'button', 'data-testid': 'unblock' },
    on: { click: handlers.unblock },
  });
  blocked.append(blockedText, unblockButton);

  const menuBar = h('div', { className: 'bar bar-menu-mode' }, keyboardButton, chatBarButton);
  const keyboardBar = h(
    'div',
    { className: 'bar bar-keyboard-mode' },
    menuButton,
    plusButton,
    photoButton,
    h('div', { className: 'bar-field' }, input, stickerButton),
    sendButton,
  );
  root.append(menuBar, keyboardBar, blocked);

  function updateSend() {
    sendButton.hidden = input.value.trim() === '';
  }
  input.addEventListener('input', updateSend);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });

  return {
    /** view: { followed, hasMenu, mode: 'menu'|'keyboard', menuOpen, chatBarText } */
    update(view) {
      input.placeholder = ui('placeholder');
      blockedText.textContent = ui('blocked');
      unblockButton.textContent = ui('unblock');
      blocked.hidden = view.followed;
      menuBar.hidden = !view.followed || !view.hasMenu || view.mode !== 'menu';
      keyboardBar.hidden = !view.followed || (view.hasMenu && view.mode === 'menu');
      menuButton.hidden = !view.hasMenu;
      chatBarLabel.textContent = view.chatBarText ?? '';
      chatBarArrow.textContent = view.menuOpen ? '▼' : '▲';
      chatBarButton.setAttribute('aria-expanded', String(view.menuOpen));
      updateSend();
    },
    /** Keyboard mode with text already typed (postback inputOption openKeyboard + fillInText). */
    fill(text) {
      if (typeof text === 'string') input.value = text;
      updateSend();
      input.focus();
    },
  };
}
