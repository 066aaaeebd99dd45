// LINE's rich menu rules (request and image), checked before anything is sent and reused by the tests.
import type { messagingApi } from '@line/bot-sdk';

export const RICH_MENU_LIMITS = {
  minWidth: 800,
  maxWidth: 2500,
  minHeight: 250,
  minRatio: 1.45,
  // "1 MB" read as 1,000,000 bytes: the stricter reading.
  maxImageBytes: 1_000_000,
  maxAreas: 20,
  chatBarText: 14,
  name: 300,
  label: 20,
  postbackData: 300,
  displayText: 300,
} as const;

export const ALIAS_ID_PATTERN = /^[a-z0-9_-]{1,32}$/;

export class RichMenuRuleError extends Error {
  readonly code = 'RICHMENU_RULES';
  readonly violations: string[];
  constructor(what: string, violations: string[]) {
    super(`${what} breaks LINE's rich menu rules: ${violations.join('; ')}`);
    this.name = 'RichMenuRuleError';
    this.violations = violations;
  }
}

export interface ImageInfo {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function jpegSize(image: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < image.length) {
    if (image[offset] !== 0xff) return null;
    const marker = image[offset + 1] ?? 0;
    const length = image.readUInt16BE(offset + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: image.readUInt16BE(offset + 5), width: image.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

/** Format and pixel size read from the file header, or null when it is neither PNG nor JPEG. */
export function readImageInfo(image: Buffer): ImageInfo | null {
  if (
    image.length >= 24 &&
    image.subarray(0, 8).equals(PNG_SIGNATURE) &&
    image.toString('latin1', 12, 16) === 'IHDR'
  ) {
    return { format: 'png', width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
  }
  if (image.length >= 4 && image[0] === 0xff && image[1] === 0xd8) {
    const size = jpegSize(image);
    return size ? { format: 'jpeg', ...size } : null;
  }
  return null;
}

function sizeViolations(width: number, height: number): string[] {
  const L = RICH_MENU_LIMITS;
  const out: string[] = [];
  if (width < L.minWidth || width > L.maxWidth)
    out.push(`width ${width} is outside ${L.minWidth}–${L.maxWidth}`);
  if (height < L.minHeight) out.push(`height ${height} is below ${L.minHeight}`);
  if (width / height < L.minRatio)
    out.push(`width/height ${(width / height).toFixed(3)} is below ${L.minRatio}`);
  return out;
}

/** Violations of the image rules, including "the image is not the menu's size". */
export function checkRichMenuImage(image: Buffer, size: { width: number; height: number }): string[] {
  const info = readImageInfo(image);
  if (!info) return ['image is neither PNG nor JPEG'];
  const out = sizeViolations(info.width, info.height);
  if (image.length > RICH_MENU_LIMITS.maxImageBytes) {
    out.push(`image is ${image.length} bytes, over ${RICH_MENU_LIMITS.maxImageBytes}`);
  }
  if (info.width !== size.width || info.height !== size.height) {
    out.push(`image is ${info.width}×${info.height} but the menu is ${size.width}×${size.height}`);
  }
  return out;
}

function overlaps(a: messagingApi.RichMenuBounds, b: messagingApi.RichMenuBounds): boolean {
  const [ax, ay, aw, ah] = [a.x ?? 0, a.y ?? 0, a.width ?? 0, a.height ?? 0];
  const [bx, by, bw, bh] = [b.x ?? 0, b.y ?? 0, b.width ?? 0, b.height ?? 0];
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

function actionViolations(action: messagingApi.Action | undefined, where: string): string[] {
  if (!action) return [`${where}: no action`];
  const L = RICH_MENU_LIMITS;
  const out: string[] = [];
  if (action.label !== undefined && (action.label.length === 0 || action.label.length > L.label)) {
    out.push(`${where}: label "${action.label}" is not 1–${L.label} characters`);
  }
  if (action.type === 'postback') {
    if (!action.data || action.data.length > L.postbackData) out.push(`${where}: postback data is not 1–300`);
    if (
      action.displayText !== undefined &&
      (action.displayText.length === 0 || action.displayText.length > L.displayText)
    ) {
      out.push(`${where}: displayText is not 1–300 characters`);
    }
  } else if (action.type === 'richmenuswitch') {
    if (!action.richMenuAliasId || !ALIAS_ID_PATTERN.test(action.richMenuAliasId)) {
      out.push(`${where}: richMenuAliasId "${action.richMenuAliasId}" does not match ${ALIAS_ID_PATTERN}`);
    }
    if (!action.data || action.data.length > L.postbackData) out.push(`${where}: switch data is not 1–300`);
  }
  return out;
}

/** Violations of the request rules: size, name, chat bar text, areas inside and apart, actions. */
export function checkRichMenuRequest(request: messagingApi.RichMenuRequest): string[] {
  const L = RICH_MENU_LIMITS;
  const width = request.size?.width ?? 0;
  const height = request.size?.height ?? 0;
  const out = sizeViolations(width, height);
  const name = request.name ?? '';
  if (name.length === 0 || name.length > L.name) out.push(`name is not 1–${L.name} characters`);
  const chatBar = request.chatBarText ?? '';
  if (chatBar.length === 0 || chatBar.length > L.chatBarText) {
    out.push(`chatBarText "${chatBar}" is not 1–${L.chatBarText} characters`);
  }
  const areas = request.areas ?? [];
  if (areas.length === 0 || areas.length > L.maxAreas) out.push(`${areas.length} areas, not 1–${L.maxAreas}`);
  areas.forEach((area, i) => {
    const b = area.bounds;
    const where = `area ${i}`;
    if (!b) {
      out.push(`${where}: no bounds`);
    } else {
      const values = [b.x, b.y, b.width, b.height];
      if (!values.every((v) => Number.isInteger(v) && (v ?? -1) >= 0))
        out.push(`${where}: bounds not whole pixels`);
      if ((b.width ?? 0) <= 0 || (b.height ?? 0) <= 0) out.push(`${where}: empty bounds`);
      if ((b.x ?? 0) + (b.width ?? 0) > width || (b.y ?? 0) + (b.height ?? 0) > height) {
        out.push(`${where}: bounds reach outside the ${width}×${height} image`);
      }
      areas.slice(0, i).forEach((other, j) => {
        if (other.bounds && overlaps(b, other.bounds)) out.push(`${where} overlaps area ${j}`);
      });
    }
    out.push(...actionViolations(area.action, where));
  });
  return out;
}
