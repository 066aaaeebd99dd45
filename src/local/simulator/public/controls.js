// The simulator's side panel: pick or create test users, the phone's language, follow/unfollow, a staff push
// tool and the log of webhook deliveries.
import { clear, h } from './dom.js';

export const LANGUAGE_NAMES = { ja: '日本語', en: 'English', 'ja-easy': 'やさしい日本語' };

function languageSelect(testid) {
  return h(
    'select',
    { className: 'field', attrs: { 'data-testid': testid } },
    Object.entries(LANGUAGE_NAMES).map(([value, name]) => h('option', { text: name, attrs: { value } })),
  );
}

/** handlers: select(userId), create(displayName, language), setLanguage(language), toggleFollow(), push(text) */
export function createControls(root, handlers) {
  const userList = h('div', { className: 'user-list', attrs: { 'data-testid': 'user-list' } });
  const nameInput = h('input', {
    className: 'field',
    attrs: { type: 'text', placeholder: 'Display name', maxlength: '20', 'data-testid': 'new-user-name' },
  });
  const newLanguage = languageSelect('new-user-language');
  const createForm = h(
    'form',
    {
      className: 'panel-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          const name = nameInput.value.trim();
          if (!name) return nameInput.focus();
          nameInput.value = '';
          handlers.create(name, newLanguage.value);
        },
      },
    },
    nameInput,
    newLanguage,
    h('button', {
      className: 'panel-button primary',
      text: 'Create and add friend',
      attrs: { type: 'submit', 'data-testid': 'create-user' },
    }),
  );

  const phoneLanguage = languageSelect('phone-language');
  phoneLanguage.addEventListener('change', () => handlers.setLanguage(phoneLanguage.value));
  const followButton = h('button', {
    className: 'panel-button',
    attrs: { type: 'button', 'data-testid': 'follow-toggle' },
    on: { click: () => handlers.toggleFollow() },
  });
  const phoneSection = h(
    'section',
    { className: 'panel-section' },
    h('h2', { text: 'This phone' }),
    h('label', { className: 'panel-label', text: 'LINE app language' }),
    phoneLanguage,
    h('p', {
      className: 'panel-hint',
      text: 'The profile language LINE gives the bot; it answers in it when the user (re-)follows, until the user chooses a language in the menu.',
    }),
    followButton,
  );

  const pushText = h('textarea', {
    className: 'field',
    attrs: { rows: '2', placeholder: 'Message from city staff', 'data-testid': 'push-text' },
  });
  const pushForm = h(
    'form',
    {
      className: 'panel-form',
      on: {
        submit: (event) => {
          event.preventDefault();
          const text = pushText.value.trim();
          if (!text) return pushText.focus();
          pushText.value = '';
          handlers.push(text);
        },
      },
    },
    pushText,
    h('button', {
      className: 'panel-button',
      text: 'Push to this user',
      attrs: { type: 'submit', 'data-testid': 'push-send' },
    }),
  );
  const pushSection = h(
    'section',
    { className: 'panel-section' },
    h('h2', { text: 'Staff push' }),
    h('p', {
      className: 'panel-hint',
      text: 'The app pushes this text through its LINE client; it arrives live in the chat.',
    }),
    pushForm,
  );

  const log = h('ol', { className: 'webhook-log', attrs: { 'data-testid': 'webhook-log' } });
  const status = h('div', { className: 'panel-status', attrs: { role: 'status', 'data-testid': 'status' } });

  root.append(
    h(
      'header',
      { className: 'panel-header' },
      h('h1', { text: 'LINE simulator' }),
      h('p', {
        className: 'panel-hint',
        text: 'Local mode: every event goes through POST /webhook, signed.',
      }),
    ),
    h('section', { className: 'panel-section' }, h('h2', { text: 'Test users' }), userList),
    h('section', { className: 'panel-section' }, h('h2', { text: 'New user' }), createForm),
    phoneSection,
    pushSection,
    h('section', { className: 'panel-section' }, h('h2', { text: 'Webhook deliveries' }), log),
    status,
  );

  return {
    /** state: { users, userId } */
    update({ users, userId }) {
      clear(userList);
      for (const user of users) {
        userList.append(
          h(
            'button',
            {
              className: `user${user.userId === userId ? ' current' : ''}`,
              attrs: { type: 'button', 'data-testid': 'user', 'data-user-id': user.userId },
              on: { click: () => handlers.select(user.userId) },
            },
            h('span', { className: 'user-name', text: user.displayName }),
            h('span', { className: 'user-tag', text: LANGUAGE_NAMES[user.language] ?? user.language }),
            user.followed ? null : h('span', { className: 'user-tag blocked', text: 'blocked' }),
          ),
        );
      }
      if (users.length === 0)
        userList.append(h('p', { className: 'panel-hint', text: 'No test users yet.' }));
      const current = users.find((user) => user.userId === userId);
      phoneSection.hidden = !current;
      pushSection.hidden = !current;
      if (current) {
        phoneLanguage.value = current.language;
        followButton.textContent = current.followed ? 'Block (unfollow)' : 'Add friend (follow)';
      }
    },
    logDelivery(label, webhookStatus) {
      const ok = webhookStatus >= 200 && webhookStatus < 300;
      log.prepend(
        h(
          'li',
          { className: ok ? 'ok' : 'failed' },
          h('span', { text: label }),
          h('b', { text: String(webhookStatus) }),
        ),
      );
      while (log.children.length > 12) log.lastElementChild?.remove();
    },
    setStatus(text, isError = false) {
      status.textContent = text;
      status.classList.toggle('error', isError);
    },
  };
}
