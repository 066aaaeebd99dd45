// The simulator page: wires the side panel, the chat, the chat bar, the rich menu and the live stream together.
import { createActionRunner } from './actions.js';
import { api } from './api.js';
import { createChatView } from './chat-view.js';
import { createComposer } from './composer.js';
import { createControls } from './controls.js';
import { pickDatetime } from './datetime-dialog.js';
import { clear, h } from './dom.js';
import { icon } from './icons.js';
import { fileToImageEvent } from './image-file.js';
import { renderLocationPicker } from './map-picker.js';
import { renderQuickReplies } from './quick-replies.js';
import { renderRichMenu } from './richmenu-view.js';
import { renderPlusSheet, renderStickerSheet } from './sheets.js';
import { setUiLanguage, ui } from './ui-text.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const STORAGE_KEY = 'lineSimulator.userId';

const state = {
  users: [],
  places: [],
  boundary: null,
  /** Attributions of the map data, shown under the map. */
  credits: [],
  userId: null,
  /** The RichMenuView LINE shows this user, or null. */
  menu: null,
  menuOpen: false,
  /** 'menu' shows the chat-bar text and the rich menu; 'keyboard' the text input. */
  mode: 'keyboard',
  /** null | 'stickers' | 'plus' | 'location' */
  sheet: null,
  stream: null,
};

const controls = createControls($('panel'), {
  select: (userId) => selectUser(userId).catch(fail),
  create: (name, language) => createUser(name, language).catch(fail),
  setLanguage: (language) => setPhoneLanguage(language).catch(fail),
  toggleFollow: () => send({ type: currentUser()?.followed ? 'unfollow' : 'follow' }),
  push: (text) => pushText(text).catch(fail),
});
const runAction = (action) => actions(action).catch(fail);
const chat = createChatView($('chat'), { onAction: runAction });
const composer = createComposer($('chat-bar'), {
  sendText: (text) => send({ type: 'text', text }),
  toggleMenu: () => update({ menuOpen: !state.menuOpen, sheet: null }),
  showKeyboard: () => update({ mode: 'keyboard', sheet: null }),
  showMenu: () => update({ mode: 'menu', menuOpen: true, sheet: null }),
  openSheet: (sheet) => update({ sheet: state.sheet === sheet ? null : sheet }),
  pickImage: () => $('file-input').click(),
  unblock: () => send({ type: 'follow' }),
});
const actions = createActionRunner({
  send,
  switchMenu: async (aliasId, data) => setMenu(await api.switchRichMenu(state.userId, aliasId, data)),
  pickDatetime: (action) => pickDatetime($('dialog-host'), action),
  pickImage: () => $('file-input').click(),
  pickLocation: () => update({ mode: 'keyboard', sheet: 'location' }),
  inputOption: (option, fillInText) => {
    if (option === 'closeRichMenu') update({ menuOpen: false });
    if (option === 'openRichMenu') update({ mode: 'menu', menuOpen: true, sheet: null });
    if (option === 'openKeyboard' || option === 'openVoice') {
      update({ mode: 'keyboard', sheet: null });
      composer.fill(fillInText);
    }
  },
  notify: (key) => toast(key === 'copied' ? ui('copied') : key),
});

function currentUser() {
  return state.users.find((user) => user.userId === state.userId);
}

function update(changes) {
  Object.assign(state, changes);
  render();
}

function render() {
  const user = currentUser();
  controls.update(state);
  composer.update({
    followed: user?.followed ?? true,
    hasMenu: Boolean(state.menu),
    mode: state.mode,
    menuOpen: state.menuOpen,
    chatBarText: state.menu?.chatBarText,
  });
  $('chat-bar').hidden = !user;
  renderDrawer();
  renderQuickReplies($('quick-replies'), chat.lastItem(), runAction);
}

// The rich menu element is kept while the menu is the same, so its image is not reloaded on every render.
let menuElement = { view: null, el: null };

function richMenuElement(view) {
  if (menuElement.view !== view) menuElement = { view, el: renderRichMenu(view, runAction) };
  return menuElement.el;
}

function renderDrawer() {
  const drawer = $('drawer');
  clear(drawer);
  if (state.sheet === 'stickers') {
    drawer.append(
      renderStickerSheet(({ packageId, stickerId }) => send({ type: 'sticker', packageId, stickerId })),
    );
  } else if (state.sheet === 'plus') {
    drawer.append(
      renderPlusSheet({
        onPhoto: () => $('file-input').click(),
        onLocation: () => update({ sheet: 'location' }),
      }),
    );
  } else if (state.sheet === 'location') {
    drawer.append(
      renderLocationPicker({
        boundary: state.boundary,
        places: state.places,
        credits: state.credits,
        onShare: (location) => {
          update({ sheet: null });
          send({ type: 'location', ...location });
        },
        onCancel: () => update({ sheet: null }),
      }),
    );
  } else if (state.menu && state.mode === 'menu' && state.menuOpen && currentUser()?.followed) {
    drawer.append(richMenuElement(state.menu));
  }
}

/** Sends one event through the backend (which signs it and POSTs it to /webhook). */
async function send(event) {
  const userId = state.userId;
  if (!userId) return;
  try {
    const result = await api.sendEvent(userId, event);
    controls.logDelivery(
      event.type === 'postback' ? `postback ${event.data}` : event.type,
      result.webhookStatus,
    );
    if (event.type === 'follow' || event.type === 'unfollow') await refreshState();
  } catch (error) {
    fail(error);
  }
}

function setMenu(view, initial = false) {
  const had = Boolean(state.menu);
  const changes = { menu: view };
  // A chat opens with the menu shown as LINE does (`selected`); later menu changes keep what the user chose.
  if (view && (!had || initial)) Object.assign(changes, { mode: 'menu', menuOpen: view.selected === true });
  if (!view) changes.mode = 'keyboard';
  update(changes);
}

let menuRefresh = null;
/** The bot may have linked another menu (a language change): look again shortly after its messages. */
function refreshMenuSoon() {
  clearTimeout(menuRefresh);
  const userId = state.userId;
  menuRefresh = setTimeout(async () => {
    const view = await api.richMenu(userId).catch(() => undefined);
    if (view === undefined || userId !== state.userId) return;
    if (view?.richMenuId !== state.menu?.richMenuId) setMenu(view);
  }, 100);
}

function onItem(userId, item) {
  if (userId !== state.userId || !chat.add(item)) return;
  renderQuickReplies($('quick-replies'), chat.lastItem(), runAction);
  if (item.from === 'bot') refreshMenuSoon();
}

async function loadTranscript(userId) {
  const items = await api.transcript(userId);
  for (const item of items) onItem(userId, item);
}

function openStream(userId) {
  state.stream?.close();
  const source = new EventSource(api.streamUrl(userId));
  source.addEventListener('item', (event) => {
    try {
      onItem(userId, JSON.parse(event.data));
    } catch (error) {
      fail(error);
    }
  });
  // Whatever arrived while (re)connecting is in the transcript; after a server restart the menu ids are new.
  source.addEventListener('open', () => {
    loadTranscript(userId).catch(fail);
    refreshMenuSoon();
  });
  // A server that is stopping or starting may answer with an error, which ends an EventSource for good: open a
  // new one shortly (a network error is retried by the browser itself).
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.CLOSED) return;
    setTimeout(() => {
      if (state.stream === source && state.userId === userId) openStream(userId);
    }, 2000);
  });
  state.stream = source;
}

async function selectUser(userId) {
  const user = state.users.find((candidate) => candidate.userId === userId);
  if (!user) return;
  localStorage.setItem(STORAGE_KEY, userId);
  setUiLanguage(user.language);
  chat.reset();
  update({ userId, menu: null, menuOpen: false, mode: 'keyboard', sheet: null });
  openStream(userId);
  const [view] = await Promise.all([api.richMenu(userId), loadTranscript(userId)]);
  if (state.userId === userId) setMenu(view, true);
}

async function createUser(displayName, language) {
  const user = await api.createUser(displayName, language);
  state.users.push(user);
  await selectUser(user.userId);
  await send({ type: 'follow' });
}

async function setPhoneLanguage(language) {
  const user = await api.setLanguage(state.userId, language);
  state.users = state.users.map((u) => (u.userId === user.userId ? user : u));
  setUiLanguage(user.language);
  chat.redraw();
  render();
}

async function pushText(text) {
  const { status } = await api.push(state.userId, text);
  controls.setStatus(
    status === 'blocked'
      ? 'Accepted, but not delivered: this user has blocked the account.'
      : 'Pushed; it arrives through the live stream.',
  );
}

async function refreshState() {
  const data = await api.state();
  state.users = data.users ?? [];
  state.places = data.places ?? [];
  state.boundary = data.boundary ?? null;
  state.credits = Array.isArray(data.credits) ? data.credits : [];
  render();
}

let toastTimer = null;
function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 2500);
}

function fail(error) {
  console.error(error);
  const message = error instanceof Error ? error.message : String(error);
  controls.setStatus(message, true);
  toast(message);
}

$('file-input').addEventListener('change', async (event) => {
  const input = /** @type {HTMLInputElement} */ (event.target);
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  update({ sheet: null });
  try {
    await send({ type: 'image', ...(await fileToImageEvent(file)) });
  } catch (error) {
    fail(error);
  }
});

async function start() {
  $('chat-back').append(icon('back'));
  $('chat-header-icons').append(icon('search'), icon('phone'), icon('lines'));
  await refreshState();
  const stored = localStorage.getItem(STORAGE_KEY);
  const initial = state.users.find((user) => user.userId === stored) ?? state.users[0];
  if (initial) await selectUser(initial.userId);
  else
    $('chat').append(
      h('div', { className: 'chat-empty', text: 'Create a test user in the panel to start.' }),
    );
  document.body.dataset.ready = 'true';
}

start().catch(fail);
