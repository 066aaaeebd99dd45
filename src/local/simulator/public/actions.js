// What a tap on a LINE action does (rich menu areas, Flex, templates, quick replies), as the LINE app does it.
import { safeUri } from './dom.js';

/**
 * deps: send(event) posts a webhook event; switchMenu(aliasId, data); pickDatetime(action) → params | null;
 * pickImage(); pickLocation(); inputOption(option, fillInText); notify(text).
 */
export function createActionRunner(deps) {
  return async function run(action) {
    if (!action || typeof action !== 'object') return;
    switch (action.type) {
      case 'postback': {
        const displayText = action.displayText ?? action.text;
        await deps.send({
          type: 'postback',
          data: String(action.data ?? ''),
          ...(displayText ? { displayText: String(displayText) } : {}),
        });
        if (action.inputOption) deps.inputOption(action.inputOption, action.fillInText);
        return;
      }
      case 'message':
        await deps.send({ type: 'text', text: String(action.text ?? '') });
        return;
      case 'uri': {
        const href = safeUri(action.uri);
        if (href) window.open(href, '_blank', 'noopener');
        return;
      }
      case 'datetimepicker': {
        const params = await deps.pickDatetime(action);
        // LINE sends the choice as a postback without displayText.
        if (params) await deps.send({ type: 'postback', data: String(action.data ?? ''), params });
        return;
      }
      case 'richmenuswitch':
        await deps.switchMenu(String(action.richMenuAliasId ?? ''), String(action.data ?? ''));
        return;
      case 'camera':
      case 'cameraRoll':
        deps.pickImage();
        return;
      case 'location':
        deps.pickLocation();
        return;
      case 'clipboard':
        await navigator.clipboard?.writeText(String(action.clipboardText ?? '')).catch(() => undefined);
        deps.notify('copied');
        return;
      default:
        deps.notify(`unsupported action: ${action.type}`);
    }
  };
}

/** The postback params of a datetimepicker choice: { date } | { time } | { datetime }. */
export function datetimeParams(mode, value) {
  if (!value) return null;
  if (mode === 'date') return { date: value };
  if (mode === 'time') return { time: value.slice(0, 5) };
  return { datetime: value.slice(0, 16) };
}
