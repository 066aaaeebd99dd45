// The rich menu under the chat bar: the menu's image with its tap areas laid over it.
import { h, safeUri } from './dom.js';

/** A rich menu element for a RichMenuView; `onAction(action)` runs every non-uri area. */
export function renderRichMenu(view, onAction) {
  const { width, height } = view.size;
  const frame = h('div', {
    className: 'richmenu',
    style: { 'aspect-ratio': `${width} / ${height}` },
    attrs: { 'data-testid': 'richmenu', 'data-richmenu-id': view.richMenuId },
  });
  frame.append(
    h('img', { className: 'richmenu-image', attrs: { src: view.imageUrl, alt: '', draggable: 'false' } }),
  );
  for (const area of view.areas ?? []) {
    const { x, y, width: w, height: hgt } = area.bounds;
    const action = area.action ?? {};
    const label = action.label ?? action.text ?? action.displayText ?? action.type;
    const style = {
      left: `${(x / width) * 100}%`,
      top: `${(y / height) * 100}%`,
      width: `${(w / width) * 100}%`,
      height: `${(hgt / height) * 100}%`,
    };
    const attrs = { 'aria-label': label, 'data-testid': 'richmenu-area', 'data-action-type': action.type };
    const el =
      action.type === 'uri'
        ? h('a', {
            className: 'richmenu-area',
            style,
            attrs: { ...attrs, href: safeUri(action.uri), target: '_blank', rel: 'noopener noreferrer' },
          })
        : h('button', {
            className: 'richmenu-area',
            style,
            attrs: { ...attrs, type: 'button' },
            on: { click: () => onAction(action) },
          });
    frame.append(el);
  }
  return frame;
}
