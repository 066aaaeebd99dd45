// The datetimepicker action's picker: a real date, time or datetime-local input, as LINE opens a native one.
import { datetimeParams } from './actions.js';
import { h } from './dom.js';
import { ui } from './ui-text.js';

const INPUT_TYPES = { date: 'date', time: 'time', datetime: 'datetime-local' };

/** Opens the picker in `host`; resolves to the postback params, or null when cancelled. */
export function pickDatetime(host, action) {
  const mode = Object.hasOwn(INPUT_TYPES, action.mode) ? action.mode : 'datetime';
  return new Promise((resolve) => {
    const input = h('input', {
      className: 'dialog-input',
      attrs: {
        type: INPUT_TYPES[mode],
        'data-testid': 'datetime-input',
        value: action.initial,
        min: action.min,
        max: action.max,
      },
    });
    const close = (result) => {
      overlay.remove();
      resolve(result);
    };
    const overlay = h(
      'div',
      { className: 'dialog-overlay', attrs: { role: 'dialog', 'aria-modal': 'true' } },
      h(
        'form',
        {
          className: 'dialog',
          on: {
            submit: (event) => {
              event.preventDefault();
              if (!input.checkValidity()) return input.reportValidity();
              close(datetimeParams(mode, input.value));
            },
          },
        },
        h('div', { className: 'dialog-title', text: action.label ?? '' }),
        input,
        h(
          'div',
          { className: 'dialog-actions' },
          h('button', {
            className: 'dialog-button',
            text: ui('cancel'),
            attrs: { type: 'button' },
            on: { click: () => close(null) },
          }),
          h('button', {
            className: 'dialog-button primary',
            text: ui('ok'),
            attrs: { type: 'submit', 'data-testid': 'datetime-ok' },
          }),
        ),
      ),
    );
    host.append(overlay);
    input.focus();
  });
}
