// Checks outgoing LINE messages against the platform's limits before anything is sent.
import { z } from 'zod';
import { checkFlexContainer } from './message-limits-flex.ts';
import {
  checkAction,
  isRecord,
  LIMITS,
  mediaUrl,
  QUICK_REPLY_ACTION,
  TEMPLATE_ACTION,
  utf16,
  zodViolations,
} from './message-limits-rules.ts';

export { LIMITS } from './message-limits-rules.ts';

export const MESSAGE_TYPES = [
  'text',
  'textV2',
  'sticker',
  'image',
  'video',
  'audio',
  'location',
  'imagemap',
  'template',
  'flex',
] as const;

export class MessageLimitError extends Error {
  readonly code = 'MESSAGE_LIMIT';
  readonly violations: string[];
  constructor(violations: string[]) {
    super(`LINE message limits violated: ${violations.join('; ')}`);
    this.name = 'MessageLimitError';
    this.violations = violations;
  }
}

const altText = utf16(1, LIMITS.altText);
const nonEmpty = z.string().min(1);

// Only the fields with limits; the message shapes themselves are checked by the SDK types and the OpenAPI tests.
const SIMPLE_SCHEMAS: Record<string, z.ZodType> = {
  text: z.object({ text: utf16(1, LIMITS.text) }),
  textV2: z.object({ text: utf16(1, LIMITS.text) }),
  sticker: z.object({ packageId: nonEmpty, stickerId: nonEmpty }),
  image: z.object({ originalContentUrl: mediaUrl, previewImageUrl: mediaUrl }),
  video: z.object({
    originalContentUrl: mediaUrl,
    previewImageUrl: mediaUrl,
    trackingId: utf16(0, 100).optional(),
  }),
  audio: z.object({ originalContentUrl: mediaUrl, duration: z.number().int().positive() }),
  location: z.object({
    title: utf16(1, 100),
    address: utf16(1, 100),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
  imagemap: z.object({
    altText,
    baseUrl: mediaUrl,
    actions: z
      .array(
        z.discriminatedUnion('type', [
          z.object({
            type: z.literal('uri'),
            linkUri: utf16(1, LIMITS.uri).regex(/^(https?|line|tel):/i),
          }),
          z.object({ type: z.literal('message'), text: utf16(1, 400) }),
          z.object({
            type: z.literal('clipboard'),
            clipboardText: utf16(1, LIMITS.clipboardText),
          }),
        ]),
      )
      .max(50),
  }),
  template: z.object({ altText }),
  flex: z.object({ altText }),
};

const senderSchema = z.object({ name: utf16(1, 20).optional(), iconUrl: mediaUrl.optional() });

function checkActions(actions: unknown, path: string, min: number, max: number): string[] {
  if (!Array.isArray(actions)) return [`${path}: actions must be an array`];
  const out: string[] = [];
  if (actions.length < min || actions.length > max)
    out.push(`${path}: ${actions.length} actions (${min} to ${max})`);
  out.push(...actions.flatMap((a, i) => checkAction(a, `${path}[${i}]`, TEMPLATE_ACTION)));
  return out;
}

function checkColumn(column: unknown, p: string, templateType: unknown): string[] {
  if (!isRecord(column)) return [`${p}: column must be an object`];
  if (templateType === 'image_carousel') {
    const imageAction = { ...TEMPLATE_ACTION, labelMax: 12, labelRequired: false };
    return [
      ...zodViolations(z.object({ imageUrl: mediaUrl }), column, p),
      ...checkAction(column.action, `${p}.action`, imageAction),
    ];
  }
  const out: string[] = [];
  if (column.thumbnailImageUrl !== undefined) {
    out.push(...zodViolations(mediaUrl, column.thumbnailImageUrl, `${p}.thumbnailImageUrl`));
  }
  // LINE allows fewer characters when the column also shows an image or a title.
  const short = column.thumbnailImageUrl !== undefined || column.title !== undefined;
  const schema = z.object({
    title: utf16(0, 40).optional(),
    text: utf16(1, short ? 60 : 120),
  });
  out.push(...zodViolations(schema, column, p), ...checkActions(column.actions, `${p}.actions`, 1, 3));
  return out;
}

function checkTemplate(template: unknown, path: string): string[] {
  if (!isRecord(template)) return [`${path}: template must be an object`];
  const out: string[] = [];
  const thumb = template.thumbnailImageUrl;
  if (thumb !== undefined) out.push(...zodViolations(mediaUrl, thumb, `${path}.thumbnailImageUrl`));
  if (template.defaultAction !== undefined) {
    out.push(
      ...checkAction(template.defaultAction, `${path}.defaultAction`, {
        ...TEMPLATE_ACTION,
        labelRequired: false,
      }),
    );
  }
  switch (template.type) {
    case 'buttons': {
      const short = thumb !== undefined || template.title !== undefined;
      const schema = z.object({
        title: utf16(0, 40).optional(),
        text: utf16(1, short ? 60 : 160),
      });
      out.push(
        ...zodViolations(schema, template, path),
        ...checkActions(template.actions, `${path}.actions`, 1, 4),
      );
      break;
    }
    case 'confirm':
      out.push(...zodViolations(z.object({ text: utf16(1, 240) }), template, path));
      out.push(...checkActions(template.actions, `${path}.actions`, 2, 2));
      break;
    case 'carousel':
    case 'image_carousel': {
      const columns = template.columns;
      if (!Array.isArray(columns) || columns.length < 1 || columns.length > 10) {
        out.push(`${path}.columns: 1 to 10 columns required`);
        break;
      }
      out.push(
        ...columns.flatMap((column, i) => checkColumn(column, `${path}.columns[${i}]`, template.type)),
      );
      break;
    }
    default:
      out.push(`${path}.type: unknown template type ${JSON.stringify(template.type)}`);
  }
  return out;
}

function checkQuickReply(quickReply: unknown, path: string): string[] {
  if (!isRecord(quickReply) || !Array.isArray(quickReply.items)) return [`${path}.items: must be an array`];
  const items = quickReply.items;
  const out: string[] = [];
  if (items.length < 1 || items.length > LIMITS.quickReplyItems) {
    out.push(`${path}.items: ${items.length} items (1 to ${LIMITS.quickReplyItems})`);
  }
  for (const [i, item] of items.entries()) {
    const p = `${path}.items[${i}]`;
    if (!isRecord(item) || item.type !== 'action') {
      out.push(`${p}.type: must be "action"`);
      continue;
    }
    if (item.imageUrl !== undefined) out.push(...zodViolations(mediaUrl, item.imageUrl, `${p}.imageUrl`));
    out.push(...checkAction(item.action, `${p}.action`, QUICK_REPLY_ACTION));
  }
  return out;
}

function checkMessage(message: unknown, path: string): string[] {
  if (!isRecord(message)) return [`${path}: message must be an object`];
  const type = message.type;
  const schema = typeof type === 'string' ? SIMPLE_SCHEMAS[type] : undefined;
  if (!schema) return [`${path}.type: unknown message type ${JSON.stringify(type)}`];
  const out = zodViolations(schema, message, path);
  if (type === 'flex') out.push(...checkFlexContainer(message.contents, `${path}.contents`));
  if (type === 'template') out.push(...checkTemplate(message.template, `${path}.template`));
  if (message.quickReply !== undefined)
    out.push(...checkQuickReply(message.quickReply, `${path}.quickReply`));
  if (message.sender !== undefined)
    out.push(...zodViolations(senderSchema, message.sender, `${path}.sender`));
  return out;
}

/** Every limit violation in a reply/push message list; an empty array means LINE would accept it. */
export function checkMessages(messages: readonly unknown[]): string[] {
  if (!Array.isArray(messages)) return ['messages: must be an array'];
  const out: string[] = [];
  if (messages.length < 1 || messages.length > LIMITS.messagesPerRequest) {
    out.push(`messages: ${messages.length} messages (1 to ${LIMITS.messagesPerRequest})`);
  }
  out.push(...messages.flatMap((m, i) => checkMessage(m, `messages[${i}]`)));
  return out;
}

/** Throws MessageLimitError listing every violation; use right before sending. */
export function assertMessages(messages: readonly unknown[]): void {
  const violations = checkMessages(messages);
  if (violations.length > 0) throw new MessageLimitError(violations);
}
