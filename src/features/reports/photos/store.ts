// The storage interface photos go through, and the keys they are stored under.
import { randomBytes } from 'node:crypto';

export interface StoredPhoto {
  bytes: Buffer;
  contentType: string;
}

export interface PhotoStore {
  /** Replaces whatever the key held; readers see the old or the new photo whole, never a part. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when the key holds nothing. */
  get(key: string): Promise<StoredPhoto | null>;
  /** Removing a key that holds nothing is not an error. */
  delete(key: string): Promise<void>;
}

/** 128 random bits as lowercase hex: unguessable, and safe as a file name on any filesystem. */
const KEY_PATTERN = /^[0-9a-f]{32}$/;

export function newPhotoKey(): string {
  return randomBytes(16).toString('hex');
}

/** For keys that arrive from outside (a URL), before they reach a store. */
export function isPhotoKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_PATTERN.test(value);
}

export class InvalidPhotoKeyError extends Error {
  readonly code = 'PHOTO_KEY_INVALID';
  constructor(key: unknown) {
    super(`not a photo key: ${JSON.stringify(String(key).slice(0, 80))}`);
    this.name = 'InvalidPhotoKeyError';
  }
}

/** Stores only ever take keys made by newPhotoKey: anything else is a bug, and never becomes a path. */
export function assertPhotoKey(key: unknown): asserts key is string {
  if (!isPhotoKey(key)) throw new InvalidPhotoKeyError(key);
}

/** The content types a store keeps, with the file extension the filesystem store gives each. */
export const PHOTO_CONTENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;

export type PhotoContentType = keyof typeof PHOTO_CONTENT_TYPES;

export function isPhotoContentType(value: string): value is PhotoContentType {
  return Object.hasOwn(PHOTO_CONTENT_TYPES, value);
}
