// Test helper: plain HTTP calls to the LINE emulator, and real PNG/JPEG bytes of a given size.
import { crc32, deflateSync } from 'node:zlib';

/** The fields of LINE answers that tests read; everything else stays unknown. */
export interface LineJson {
  message?: string;
  details?: { message: string; property: string }[];
  sentMessages?: { id: string }[];
  richMenuId?: string;
  richmenus?: { richMenuId: string }[];
  aliases?: { richMenuAliasId: string; richMenuId: string }[];
  [key: string]: unknown;
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: LineJson;
}

/** The richMenuId of a create answer, failing loudly when there is none. */
export function richMenuIdOf(answer: JsonAnswer): string {
  const id = answer.json.richMenuId;
  if (typeof id !== 'string')
    throw new Error(`no richMenuId in ${answer.status} ${JSON.stringify(answer.json)}`);
  return id;
}

/** Sends `body` as JSON (when given) and parses the answer as JSON when there is one. */
export async function callJson(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as LineJson) : {},
  };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid, solid black RGB PNG (tiny once deflated, even at 2500×1686). */
export function solidPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const raw = Buffer.alloc((width * 3 + 1) * height); // each row: filter byte 0, then black pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** JPEG markers up to the frame header (SOI, APP0, SOF0, EOI): enough for size checks. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x11, 8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof0.writeUInt16BE(height, 5);
  sof0.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}
