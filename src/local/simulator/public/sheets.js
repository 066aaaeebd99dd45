// The panels that open under the chat bar instead of the keyboard: stickers and the "+" attachments.
import { h } from './dom.js';
import { icon } from './icons.js';
import { STICKERS, stickerImage } from './stickers.js';
import { ui } from './ui-text.js';

export function renderStickerSheet(onPick) {
  return h(
    'div',
    { className: 'sheet sheet-stickers', attrs: { 'data-testid': 'sticker-sheet' } },
    STICKERS.map((sticker) =>
      h(
        'button',
        {
          className: 'sticker-choice',
          attrs: {
            type: 'button',
            'aria-label': `sticker ${sticker.packageId}/${sticker.stickerId} (${sticker.name})`,
            'data-testid': 'sticker-choice',
          },
          on: { click: () => onPick(sticker) },
        },
        stickerImage(sticker.packageId, sticker.stickerId),
      ),
    ),
  );
}

/** The "+" grid: photo and location (what this account can receive). */
export function renderPlusSheet({ onPhoto, onLocation }) {
  const tile = (iconName, label, onClick, testid) =>
    h(
      'button',
      { className: 'plus-tile', attrs: { type: 'button', 'data-testid': testid }, on: { click: onClick } },
      h('span', { className: 'plus-icon' }, icon(iconName)),
      h('span', { className: 'plus-label', text: label }),
    );
  return h(
    'div',
    { className: 'sheet sheet-plus', attrs: { 'data-testid': 'plus-sheet' } },
    tile('photo', ui('photo'), onPhoto, 'plus-photo'),
    tile('pin', ui('location'), onLocation, 'plus-location'),
  );
}
