// Validates a rich menu object the way LINE does on create and validate.
import { isRecord } from './errors.ts';
import type { LineErrorDetail, RichMenuSize } from './types.ts';

export const ALIAS_ID = /^[a-z0-9_-]{1,32}$/;
const MAX_AREAS = 20;
const MAX_LABEL = 20;
const MAX_CHAT_BAR_TEXT = 14;
const MAX_NAME = 300;
const MAX_DATA = 300;
const MAX_URI = 1000;

type Details = LineErrorDetail[];

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function stringWithin(value: unknown, min: number, max: number): boolean {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/** Width 800–2500, height at least 250, width/height at least 1.45 (LINE's image rules). */
export function checkSize(size: unknown, details: Details): size is RichMenuSize {
  if (!isRecord(size) || !isInt(size.width) || !isInt(size.height)) {
    details.push({ property: 'size', message: 'must have integer width and height' });
    return false;
  }
  const before = details.length;
  if (size.width < 800 || size.width > 2500) {
    details.push({ property: 'size.width', message: 'must be between 800 and 2500' });
  }
  if (size.height < 250) details.push({ property: 'size.height', message: 'must be at least 250' });
  if (size.height > 0 && size.width / size.height < 1.45) {
    details.push({ property: 'size', message: 'width/height must be at least 1.45' });
  }
  return details.length === before;
}

function checkAction(action: unknown, at: string, details: Details): void {
  if (!isRecord(action)) {
    details.push({ property: at, message: 'must be an action object' });
    return;
  }
  const need = (ok: boolean, property: string, message: string) => {
    if (!ok) details.push({ property: `${at}.${property}`, message });
  };
  if (action.label !== undefined) {
    need(stringWithin(action.label, 1, MAX_LABEL), 'label', `length must be 1 to ${MAX_LABEL}`);
  }
  switch (action.type) {
    case 'postback':
      need(stringWithin(action.data, 1, MAX_DATA), 'data', `length must be 1 to ${MAX_DATA}`);
      if (action.displayText !== undefined) {
        need(stringWithin(action.displayText, 1, MAX_DATA), 'displayText', `length must be 1 to ${MAX_DATA}`);
      }
      break;
    case 'message':
      need(stringWithin(action.text, 1, MAX_DATA), 'text', `length must be 1 to ${MAX_DATA}`);
      break;
    case 'uri':
      need(stringWithin(action.uri, 1, MAX_URI), 'uri', `length must be 1 to ${MAX_URI}`);
      break;
    case 'datetimepicker':
      need(stringWithin(action.data, 1, MAX_DATA), 'data', `length must be 1 to ${MAX_DATA}`);
      need(
        ['date', 'time', 'datetime'].includes(String(action.mode)),
        'mode',
        'must be date, time or datetime',
      );
      break;
    case 'richmenuswitch':
      need(
        typeof action.richMenuAliasId === 'string' && ALIAS_ID.test(action.richMenuAliasId),
        'richMenuAliasId',
        'must match ^[a-z0-9_-]{1,32}$',
      );
      need(stringWithin(action.data, 1, MAX_DATA), 'data', `length must be 1 to ${MAX_DATA}`);
      break;
    case 'clipboard':
      need(stringWithin(action.clipboardText, 1, 1000), 'clipboardText', 'length must be 1 to 1000');
      break;
    default:
      details.push({
        property: `${at}.type`,
        message: `unsupported action type ${JSON.stringify(action.type)}`,
      });
  }
}

function checkArea(area: unknown, at: string, size: RichMenuSize | null, details: Details): void {
  if (!isRecord(area)) {
    details.push({ property: at, message: 'must be an area object' });
    return;
  }
  const b = area.bounds;
  if (!isRecord(b) || !isInt(b.x) || !isInt(b.y) || !isInt(b.width) || !isInt(b.height)) {
    details.push({ property: `${at}.bounds`, message: 'must have integer x, y, width and height' });
  } else if (b.x < 0 || b.y < 0 || b.width < 1 || b.height < 1) {
    details.push({ property: `${at}.bounds`, message: 'must have x, y ≥ 0 and width, height ≥ 1' });
  } else if (size && (b.x + b.width > size.width || b.y + b.height > size.height)) {
    details.push({ property: `${at}.bounds`, message: 'must lie within the rich menu size' });
  }
  checkAction(area.action, `${at}.action`, details);
}

/** Returns LINE-style error details; empty when the rich menu object is valid. */
export function checkRichMenu(body: unknown): LineErrorDetail[] {
  const details: Details = [];
  if (!isRecord(body)) return [{ property: '', message: 'must be a rich menu object' }];
  const size = checkSize(body.size, details) ? (body.size as RichMenuSize) : null;
  if (typeof body.selected !== 'boolean')
    details.push({ property: 'selected', message: 'must be a boolean' });
  if (!stringWithin(body.name, 1, MAX_NAME)) {
    details.push({ property: 'name', message: `length must be 1 to ${MAX_NAME}` });
  }
  if (!stringWithin(body.chatBarText, 1, MAX_CHAT_BAR_TEXT)) {
    details.push({ property: 'chatBarText', message: `length must be 1 to ${MAX_CHAT_BAR_TEXT}` });
  }
  const areas = body.areas;
  if (!Array.isArray(areas) || areas.length < 1 || areas.length > MAX_AREAS) {
    details.push({ property: 'areas', message: `must have 1 to ${MAX_AREAS} areas` });
  } else {
    areas.forEach((area, i) => {
      checkArea(area, `areas[${i}]`, size, details);
    });
  }
  return details;
}
