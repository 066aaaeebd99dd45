// Request bodies of the simulator API (zod), and the 400 answer that names the first bad field.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';

/** LINE user ids: 'U' and 32 hex digits. */
export const USER_ID = /^U[0-9a-f]{32}$/;
// Same rule LINE applies to rich menu alias ids.
const ALIAS_ID = /^[a-z0-9_-]{1,32}$/;
/** Decoded image bytes a simulated user may send (LINE's own limit for photos is about 10 MB). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_IMAGE_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

export const createUserSchema = z.object({
  // LINE display names are 1–20 characters.
  displayName: z.string().trim().min(1).max(20),
  language: z.enum(LANGUAGES),
});

export const setLanguageSchema = z.object({ language: z.enum(LANGUAGES) });

export const pushSchema = z.object({ text: z.string().min(1).max(5000) });

export const switchSchema = z.object({
  richMenuAliasId: z.string().regex(ALIAS_ID, 'must match ^[a-z0-9_-]{1,32}$'),
  data: z.string().min(1).max(300),
});

const stickerPart = z.string().regex(/^\d{1,20}$/, 'must be a decimal id');

const postbackParams = z.union([
  z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD') }),
  z.strictObject({ time: z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:mm') }),
  z.strictObject({
    datetime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be YYYY-MM-DDTHH:mm'),
  }),
]);

export const simEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('follow') }),
  z.object({ type: z.literal('unfollow') }),
  z.object({ type: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.object({ type: z.literal('sticker'), packageId: stickerPart, stickerId: stickerPart }),
  z.object({
    type: z.literal('image'),
    contentType: z.enum(['image/jpeg', 'image/png']),
    dataBase64: z
      .string()
      .min(1)
      .max(MAX_IMAGE_BASE64, 'the image must be 10 MB or less')
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be plain base64 (no data: prefix)'),
  }),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    title: z.string().min(1).max(100).optional(),
    address: z.string().min(1).max(200).optional(),
  }),
  z.object({
    type: z.literal('postback'),
    data: z.string().min(1).max(300),
    displayText: z.string().min(1).max(300).optional(),
    params: postbackParams.optional(),
  }),
]);

export type SimEvent = z.infer<typeof simEventSchema>;

/** Parses `body`; on failure answers 400 `{ error: '<field>: <problem>' }` and returns undefined. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  void reply.code(400).send({ error: `${field}: ${issue?.message ?? 'invalid'}` });
  return undefined;
}
