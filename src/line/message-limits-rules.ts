// Shared limit constants and zod schemas for LINE actions and URLs, used by the message-limit checker.
import { z } from 'zod';

/** LINE Messaging API limits (see /work/shared/LINE-PLATFORM.md). */
export const LIMITS = {
  messagesPerRequest: 5,
  text: 5000,
  altText: 1500,
  // "30 KB"/"50 KB" read as decimal kilobytes: the stricter reading, so nothing we send can be rejected.
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
  carouselBubbles: 12,
  quickReplyItems: 13,
  quickReplyLabel: 20,
  flexButtonLabel: 40,
  templateLabel: 20,
  postbackData: 300,
  displayText: 300,
  messageActionText: 300,
  uri: 1000,
  mediaUrl: 2000,
  clipboardText: 1000,
} as const;

/**
 * A string of min..max UTF-16 code units, LINE's unit for every character limit.
 * zod's own .max() counts code points, which would let emoji-heavy text through.
 */
export function utf16(min: number, max: number) {
  return z.string().superRefine((value, ctx) => {
    if (value.length < min || value.length > max) {
      ctx.addIssue({
        code: 'custom',
        message: `length ${value.length} is outside ${min}..${max} (UTF-16 units)`,
      });
    }
  });
}

export const URI_SCHEMES = ['http:', 'https:', 'line:', 'tel:'] as const;

/** A link an action may open: http, https, line or tel, at most 1000 characters. */
export const uriString = utf16(1, LIMITS.uri).refine(
  (value) => URI_SCHEMES.some((scheme) => value.toLowerCase().startsWith(scheme)),
  {
    message: 'scheme must be http, https, line or tel',
  },
);

/** An image/video/audio URL: LINE fetches it itself and only over https. */
export const mediaUrl = utf16(1, LIMITS.mediaUrl).refine(
  (value) => value.toLowerCase().startsWith('https://'),
  { message: 'must be an https URL' },
);

export const ACTION_TYPES = [
  'postback',
  'message',
  'uri',
  'datetimepicker',
  'camera',
  'cameraRoll',
  'location',
  'richmenuswitch',
  'clipboard',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Where an action sits decides its label limit, whether a label is required and which types are allowed. */
export interface ActionContext {
  labelMax: number;
  labelRequired: boolean;
  allowed: readonly ActionType[];
}

export const FLEX_ACTION: ActionContext = {
  labelMax: LIMITS.flexButtonLabel,
  labelRequired: false,
  allowed: ['postback', 'message', 'uri', 'datetimepicker', 'clipboard'],
};
export const FLEX_BUTTON_ACTION: ActionContext = { ...FLEX_ACTION, labelRequired: true };
export const QUICK_REPLY_ACTION: ActionContext = {
  labelMax: LIMITS.quickReplyLabel,
  labelRequired: true,
  allowed: ['postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'clipboard'],
};
export const TEMPLATE_ACTION: ActionContext = {
  labelMax: LIMITS.templateLabel,
  labelRequired: true,
  allowed: ['postback', 'message', 'uri', 'datetimepicker', 'clipboard'],
};

function actionSchema(type: ActionType, label: z.ZodType) {
  const base = { type: z.literal(type), label };
  switch (type) {
    case 'postback':
      return z.object({
        ...base,
        data: utf16(1, LIMITS.postbackData),
        displayText: utf16(1, LIMITS.displayText).optional(),
        text: utf16(1, LIMITS.displayText).optional(),
        fillInText: utf16(0, LIMITS.displayText).optional(),
      });
    case 'message':
      return z.object({ ...base, text: utf16(1, LIMITS.messageActionText) });
    case 'uri':
      return z.object({ ...base, uri: uriString, altUri: z.object({ desktop: uriString }).optional() });
    case 'datetimepicker':
      return z.object({
        ...base,
        data: utf16(1, LIMITS.postbackData),
        mode: z.enum(['date', 'time', 'datetime']),
      });
    case 'richmenuswitch':
      return z.object({
        ...base,
        richMenuAliasId: z.string().regex(/^[a-z0-9_-]{1,32}$/),
        data: utf16(1, LIMITS.postbackData),
      });
    case 'clipboard':
      return z.object({ ...base, clipboardText: utf16(1, LIMITS.clipboardText) });
    default:
      return z.object(base);
  }
}

/** Formats zod issues as "path: message" lines, prefixed with where the value sits in the request. */
export function zodViolations(schema: z.ZodType, value: unknown, path: string): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const sub = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    return `${path}${sub}: ${issue.message}`;
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one action object in its context. */
export function checkAction(action: unknown, path: string, context: ActionContext): string[] {
  if (!isRecord(action)) return [`${path}: action must be an object`];
  const type = action.type;
  if (typeof type !== 'string' || !(context.allowed as readonly string[]).includes(type)) {
    return [`${path}.type: action type ${JSON.stringify(type)} is not allowed here`];
  }
  return zodViolations(cachedActionSchema(type as ActionType, context), action, path);
}

// Every outgoing message walks its actions: building the zod schema once per kind keeps the check cheap.
const actionSchemas = new Map<string, ReturnType<typeof actionSchema>>();

function cachedActionSchema(type: ActionType, context: ActionContext): ReturnType<typeof actionSchema> {
  const key = `${type}|${context.labelMax}|${context.labelRequired}`;
  let schema = actionSchemas.get(key);
  if (!schema) {
    const label = utf16(1, context.labelMax);
    schema = actionSchema(type, context.labelRequired ? label : label.optional());
    actionSchemas.set(key, schema);
  }
  return schema;
}
