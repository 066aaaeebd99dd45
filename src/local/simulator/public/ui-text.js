// The phone's own words (read marks, placeholders, pickers) in the simulated LINE app's language.

const TEXTS = {
  ja: {
    read: '既読',
    today: '今日',
    yesterday: '昨日',
    placeholder: 'メッセージを入力',
    followed: '{name}を友だち追加しました',
    unfollowed: '{name}をブロックしました',
    blocked: 'ブロック中のため、メッセージを送信できません。',
    unblock: 'ブロック解除',
    photo: '写真',
    location: '位置情報',
    share: '送信',
    cancel: 'キャンセル',
    ok: 'OK',
    pickPlace: '地図をタップするか、場所を選んでください',
    pinned: '地図上の地点',
    copied: 'コピーしました',
  },
  en: {
    read: 'Read',
    today: 'Today',
    yesterday: 'Yesterday',
    placeholder: 'Enter a message',
    followed: 'You added {name} as a friend',
    unfollowed: 'You blocked {name}',
    blocked: 'You have blocked this account and cannot send messages.',
    unblock: 'Unblock',
    photo: 'Photos',
    location: 'Location',
    share: 'Share',
    cancel: 'Cancel',
    ok: 'OK',
    pickPlace: 'Tap the map or choose a place',
    pinned: 'Pinned location',
    copied: 'Copied',
  },
};

let current = 'ja';

/** ja and やさしい日本語 phones both show LINE in Japanese. */
export function setUiLanguage(language) {
  current = language === 'en' ? 'en' : 'ja';
  document.documentElement.lang = current;
}

export function ui(key, vars = {}) {
  const text = TEXTS[current][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

export const ACCOUNT_NAME = '春日市';
