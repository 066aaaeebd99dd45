// A photo a resident sent, taken from LINE at once (LINE deletes message content after a while), checked,
// cleaned and stored; every resident-side problem is an answer to act on (ask again), not an exception.
import type { LineClient, LineClientLogger } from '../../../line/client/index.ts';
import { processPhoto } from './process.ts';
import { newPhotoKey, type PhotoStore } from './store.ts';

export type PhotoFailureReason = 'gone' | 'download_failed' | 'not_an_image' | 'too_large';

export type FetchAndStoreResult =
  | { ok: true; key: string; width: number; height: number; bytes: number }
  | { ok: false; reason: PhotoFailureReason };

export interface FetchAndStoreInput {
  line: Pick<LineClient, 'getMessageContent'>;
  store: PhotoStore;
  /** The id of the resident's image message. */
  messageId: string;
  logger?: LineClientLogger | undefined;
  /**
   * Runs with the new key before the file is written (record the upload, so the sweep finds the file if the
   * report is never submitted); if it throws, nothing is stored.
   */
  beforePut?: ((key: string) => Promise<void>) | undefined;
}

/**
 * 'gone': LINE no longer has the content (404/410); 'download_failed': LINE kept failing after the client's
 * retries; 'not_an_image' / 'too_large': the bytes were refused. In each case nothing is stored and the
 * caller asks the resident to send the photo again. Throws only when the store itself (or `beforePut`) fails
 * (the server's problem, so the event is retried rather than the resident asked).
 */
export async function fetchAndStorePhoto(input: FetchAndStoreInput): Promise<FetchAndStoreResult> {
  const { line, store, messageId, logger, beforePut } = input;
  let content: Awaited<ReturnType<LineClient['getMessageContent']>>;
  try {
    content = await line.getMessageContent(messageId);
  } catch (error) {
    logger?.warn({ err: error, messageId }, 'photo download from LINE failed');
    return { ok: false, reason: 'download_failed' };
  }
  if (content === null) {
    logger?.info({ messageId }, 'photo content is gone from LINE');
    return { ok: false, reason: 'gone' };
  }

  const photo = await processPhoto(content.data);
  if (!photo.ok) {
    logger?.info(
      { messageId, reason: photo.reason, detail: photo.detail, declaredType: content.contentType },
      'photo refused',
    );
    return { ok: false, reason: photo.reason };
  }

  const key = newPhotoKey();
  await beforePut?.(key);
  await store.put(key, photo.bytes, photo.contentType);
  return { ok: true, key, width: photo.width, height: photo.height, bytes: photo.bytes.byteLength };
}
