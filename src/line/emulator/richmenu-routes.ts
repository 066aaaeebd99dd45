// Emulated rich-menu endpoints: create, validate, list, get, delete, and the image upload/download.
import type { FastifyInstance } from 'fastify';
import { rejectBody, sendError } from './errors.ts';
import { failureBody } from './failures.ts';
import { readImageInfo } from './image-size.ts';
import { checkRichMenu } from './richmenu-validate.ts';
import { type EmulatorState, randomHex } from './state.ts';
import type { RichMenuSize, StoredRichMenu } from './types.ts';

const MAX_RICH_MENUS = 1000;
const MAX_IMAGE_BYTES = 1024 * 1024;
const IMAGE_TYPES: Record<string, 'png' | 'jpeg'> = { 'image/png': 'png', 'image/jpeg': 'jpeg' };

type IdParams = { Params: { richMenuId: string } };

export function richMenuResponse(menu: StoredRichMenu) {
  const { richMenuId, size, selected, name, chatBarText, areas } = menu;
  return { richMenuId, size, selected, name, chatBarText, areas };
}

export function registerRichMenuRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/v2/bot/richmenu', async (request, reply) => {
    const details = checkRichMenu(request.body);
    if (details.length > 0) return rejectBody(state, request, reply, details);
    if (state.richMenus.size >= MAX_RICH_MENUS) {
      return sendError(reply, 400, { message: 'The maximum number of rich menus has been reached' });
    }
    if (!state.richMenuCreateLimit.take()) return sendError(reply, 429, failureBody(429));
    const body = request.body as Omit<StoredRichMenu, 'richMenuId' | 'image'>;
    const richMenuId = `richmenu-${randomHex(16)}`;
    state.richMenus.set(richMenuId, {
      richMenuId,
      size: { width: body.size.width, height: body.size.height },
      selected: body.selected,
      name: body.name,
      chatBarText: body.chatBarText,
      areas: structuredClone(body.areas),
      image: null,
    });
    state.richMenuCreations += 1;
    return { richMenuId };
  });

  app.post('/v2/bot/richmenu/validate', async (request, reply) => {
    const details = checkRichMenu(request.body);
    if (details.length > 0) return rejectBody(state, request, reply, details);
    return {};
  });

  app.get('/v2/bot/richmenu/list', async () => ({
    richmenus: [...state.richMenus.values()].map(richMenuResponse),
  }));

  app.get<IdParams>('/v2/bot/richmenu/:richMenuId', async (request, reply) => {
    const menu = state.richMenus.get(request.params.richMenuId);
    if (!menu) return sendError(reply, 404, { message: 'Not found' });
    return richMenuResponse(menu);
  });

  app.delete<IdParams>('/v2/bot/richmenu/:richMenuId', async (request, reply) => {
    const id = request.params.richMenuId;
    if (!state.richMenus.has(id)) return sendError(reply, 404, { message: 'Not found' });
    if (!state.richMenuDeleteLimit.take()) return sendError(reply, 429, failureBody(429));
    state.richMenus.delete(id);
    if (state.defaultRichMenuId === id) state.defaultRichMenuId = null;
    for (const [userId, linked] of state.userRichMenus) {
      if (linked === id) state.userRichMenus.delete(userId);
    }
    return {};
  });

  app.post<IdParams>('/v2/bot/richmenu/:richMenuId/content', async (request, reply) => {
    const menu = state.richMenus.get(request.params.richMenuId);
    if (!menu) return sendError(reply, 404, { message: 'Not found' });
    if (menu.image) {
      return sendError(reply, 400, { message: 'An image has already been uploaded to the richmenu' });
    }
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const expected = IMAGE_TYPES[contentType];
    const data = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const problem = imageProblem(data, expected, menu.size);
    if (problem) return rejectBody(state, request, reply, [problem]);
    menu.image = { data, contentType };
    return {};
  });

  app.get<IdParams>('/v2/bot/richmenu/:richMenuId/content', async (request, reply) => {
    const menu = state.richMenus.get(request.params.richMenuId);
    if (!menu?.image) return sendError(reply, 404, { message: 'Not found' });
    return reply.type(menu.image.contentType).send(menu.image.data);
  });
}

function imageProblem(data: Buffer, expected: 'png' | 'jpeg' | undefined, size: RichMenuSize) {
  if (!expected) return { property: 'Content-Type', message: 'must be image/png or image/jpeg' };
  if (data.length === 0) return { property: 'body', message: 'the image is empty' };
  if (data.length > MAX_IMAGE_BYTES) return { property: 'body', message: 'the image must be 1 MB or less' };
  const info = readImageInfo(data);
  if (!info || info.format !== expected) {
    return { property: 'body', message: `the body is not a readable ${expected} image` };
  }
  if (info.width !== size.width || info.height !== size.height) {
    return {
      property: 'body',
      message: `image is ${info.width}x${info.height}, the rich menu is ${size.width}x${size.height}`,
    };
  }
  return null;
}
