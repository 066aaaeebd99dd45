// One chat message's content (bot's LINE message objects and the user's own messages) as DOM.
import { h, safeImageUrl, safeUri } from './dom.js';
import { renderFlex } from './flex-render.js';
import { icon } from './icons.js';
import { linkify } from './linkify.js';
import { stickerImage } from './stickers.js';
import { renderImagemap, renderTemplate } from './template-render.js';
import { ACCOUNT_NAME, ui } from './ui-text.js';

/** Text with its http(s) URLs as links, in a speech bubble. */
export function textContent(text) {
  const el = h('div', { className: 'msg-text' });
  for (const part of linkify(String(text ?? ''))) {
    el.append(
      part.type === 'link'
        ? h('a', {
            text: part.text,
            attrs: { href: part.href, target: '_blank', rel: 'noopener noreferrer' },
          })
        : document.createTextNode(part.text),
    );
  }
  return el;
}

/** textV2: {key} placeholders replaced by their mention or emoji substitution. */
function textV2(message) {
  const substitution = message.substitution ?? {};
  const text = String(message.text ?? '').replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, key) => {
    const sub = substitution[key];
    if (!sub) return whole;
    if (sub.type === 'mention') return sub.mentionee?.type === 'all' ? '@All' : '@user';
    if (sub.type === 'emoji') return '😊';
    return whole;
  });
  return textContent(text);
}

function imageContent(src, href) {
  const image = safeImageUrl(src);
  const link = h('a', {
    className: 'msg-image',
    attrs: { href: safeImageUrl(href) ?? image, target: '_blank', rel: 'noopener noreferrer' },
  });
  link.append(h('img', { attrs: { src: image, alt: '' } }));
  return link;
}

function stickerContent(packageId, stickerId) {
  return h(
    'div',
    { className: 'msg-sticker', dataset: { packageId: String(packageId), stickerId: String(stickerId) } },
    stickerImage(packageId, stickerId),
  );
}

function locationContent(message) {
  const { latitude, longitude } = message;
  const href = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  return h(
    'a',
    { className: 'msg-location', attrs: { href, target: '_blank', rel: 'noopener noreferrer' } },
    icon('pin', 'msg-location-pin'),
    h(
      'div',
      { className: 'msg-location-text' },
      h('div', { className: 'msg-location-title', text: message.title || ui('location') }),
      h('div', {
        className: 'msg-location-address',
        text: message.address || `${Number(latitude).toFixed(5)}, ${Number(longitude).toFixed(5)}`,
      }),
    ),
  );
}

/**
 * A bot message: `{ el, bare }` where bare means LINE draws it without a speech bubble (Flex, images,
 * stickers, templates).
 */
export function renderBotMessage(message, onAction) {
  switch (message?.type) {
    case 'text':
      return { el: textContent(message.text), bare: false };
    case 'textV2':
      return { el: textV2(message), bare: false };
    case 'flex':
      return { el: renderFlex(message.contents, { onAction }), bare: true };
    case 'image':
      return {
        el: imageContent(message.previewImageUrl ?? message.originalContentUrl, message.originalContentUrl),
        bare: true,
      };
    case 'video': {
      const el = imageContent(message.previewImageUrl, message.originalContentUrl);
      el.classList.add('msg-video');
      el.append(h('span', { className: 'msg-video-play', text: '▶' }));
      return { el, bare: true };
    }
    case 'audio': {
      const seconds = Math.round((message.duration ?? 0) / 1000);
      const el = h('a', {
        className: 'msg-text msg-audio',
        text: `▶ 0:${String(seconds).padStart(2, '0')}`,
        attrs: { href: safeUri(message.originalContentUrl), target: '_blank', rel: 'noopener noreferrer' },
      });
      return { el, bare: false };
    }
    case 'sticker':
      return { el: stickerContent(message.packageId, message.stickerId), bare: true };
    case 'location':
      return { el: locationContent(message), bare: true };
    case 'imagemap':
      return { el: renderImagemap(message, onAction), bare: true };
    case 'template':
      return { el: renderTemplate(message, onAction), bare: true };
    default:
      return {
        el: h('div', { className: 'msg-text', text: message?.altText ?? `[${message?.type}]` }),
        bare: false,
      };
  }
}

/**
 * The user's own message: `{ el, bare }`, or `{ notice }` for follow/unfollow, or null for what LINE does not
 * show (a postback without displayText).
 */
export function renderUserMessage(message) {
  switch (message?.type) {
    case 'text':
      return { el: textContent(message.text), bare: false };
    case 'postback':
      return message.displayText ? { el: textContent(message.displayText), bare: false } : null;
    case 'sticker':
      return { el: stickerContent(message.packageId, message.stickerId), bare: true };
    case 'image':
      return { el: imageContent(message.url, message.url), bare: true };
    case 'location':
      return { el: locationContent(message), bare: true };
    case 'follow':
      return { notice: ui('followed', { name: ACCOUNT_NAME }) };
    case 'unfollow':
      return { notice: ui('unfollowed', { name: ACCOUNT_NAME }) };
    default:
      return null;
  }
}
