// Template messages (buttons, confirm, carousel, image carousel) and imagemaps, drawn as LINE draws them.
import { h, safeImageUrl, safeUri } from './dom.js';

/** A tappable row or button for one template action; uri actions are real links. */
export function actionButton(action, onAction, className) {
  const label = action?.label ?? '';
  if (action?.type === 'uri') {
    return h('a', {
      className,
      text: label,
      attrs: { href: safeUri(action.uri), target: '_blank', rel: 'noopener noreferrer' },
    });
  }
  return h('button', {
    className,
    text: label,
    attrs: { type: 'button' },
    on: { click: () => onAction(action) },
  });
}

function column(col, template, onAction) {
  const card = h('div', { className: 'tpl-card' });
  const image = safeImageUrl(col.thumbnailImageUrl);
  if (image) {
    card.append(
      h(
        'div',
        {
          className: 'tpl-thumb',
          style: {
            'aspect-ratio': template.imageAspectRatio === 'square' ? '1 / 1' : '1.51 / 1',
            'background-color': col.imageBackgroundColor ?? template.imageBackgroundColor ?? '#FFFFFF',
          },
        },
        h('img', {
          attrs: { src: image, alt: '' },
          style: { 'object-fit': template.imageSize === 'contain' ? 'contain' : 'cover' },
        }),
      ),
    );
  }
  const body = h('div', { className: 'tpl-body' });
  if (col.title) body.append(h('div', { className: 'tpl-title', text: col.title }));
  if (col.text) body.append(h('div', { className: 'tpl-text', text: col.text }));
  card.append(body);
  const actions = h('div', { className: 'tpl-actions' });
  for (const action of col.actions ?? []) actions.append(actionButton(action, onAction, 'tpl-action'));
  card.append(actions);
  return card;
}

export function renderTemplate(message, onAction) {
  const template = message.template ?? {};
  switch (template.type) {
    case 'buttons':
      return h('div', { className: 'tpl' }, column(template, template, onAction));
    case 'confirm': {
      const card = h('div', { className: 'tpl-card tpl-confirm' });
      card.append(
        h('div', { className: 'tpl-body' }, h('div', { className: 'tpl-text', text: template.text })),
      );
      const row = h('div', { className: 'tpl-confirm-actions' });
      for (const action of template.actions ?? []) row.append(actionButton(action, onAction, 'tpl-action'));
      card.append(row);
      return h('div', { className: 'tpl' }, card);
    }
    case 'carousel':
      return h(
        'div',
        { className: 'tpl tpl-carousel' },
        (template.columns ?? []).map((col) => column(col, template, onAction)),
      );
    case 'image_carousel':
      return h(
        'div',
        { className: 'tpl tpl-carousel' },
        (template.columns ?? []).map((col) =>
          h(
            'div',
            { className: 'tpl-image-col' },
            h('img', { attrs: { src: safeImageUrl(col.imageUrl), alt: '' } }),
            col.action ? actionButton(col.action, onAction, 'tpl-image-label') : null,
          ),
        ),
      );
    default:
      return h('div', { className: 'msg-text', text: message.altText ?? '[template]' });
  }
}

/** An imagemap: the 1040px-wide image with its tappable areas laid over it. */
export function renderImagemap(message, onAction) {
  const base = message.baseSize ?? { width: 1040, height: 1040 };
  const frame = h('div', {
    className: 'imagemap',
    style: { 'aspect-ratio': `${base.width} / ${base.height}` },
  });
  const src = safeImageUrl(typeof message.baseUrl === 'string' ? `${message.baseUrl}/1040` : undefined);
  frame.append(h('img', { attrs: { src, alt: message.altText ?? '' } }));
  for (const action of message.actions ?? []) {
    const area = action.area ?? {};
    const style = {
      left: `${(area.x / base.width) * 100}%`,
      top: `${(area.y / base.height) * 100}%`,
      width: `${(area.width / base.width) * 100}%`,
      height: `${(area.height / base.height) * 100}%`,
    };
    const lineAction =
      action.type === 'uri'
        ? { type: 'uri', uri: action.linkUri, label: action.label }
        : action.type === 'message'
          ? { type: 'message', text: action.text, label: action.label }
          : { type: action.type, clipboardText: action.clipboardText, label: action.label };
    const el = actionButton(lineAction, onAction, 'imagemap-area');
    el.textContent = '';
    el.setAttribute('aria-label', action.label ?? action.text ?? 'area');
    for (const [name, value] of Object.entries(style)) el.style.setProperty(name, value);
    frame.append(el);
  }
  return frame;
}
