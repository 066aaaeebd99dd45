// The photo pipeline of damage reports: fetch from LINE, check, strip metadata, re-encode, store.
export { createPhotoStore } from './create-store.ts';
export {
  type FetchAndStoreInput,
  type FetchAndStoreResult,
  fetchAndStorePhoto,
  type PhotoFailureReason,
} from './fetch-and-store.ts';
export { createFsPhotoStore, type FsPhotoStoreOptions } from './fs-store.ts';
export {
  JPEG_QUALITY,
  MAX_EDGE,
  MAX_INPUT_BYTES,
  MAX_INPUT_PIXELS,
  MAX_PARALLEL_ENCODES,
} from './limits.ts';
export {
  type PhotoRefusal,
  type ProcessedPhoto,
  type ProcessResult,
  processPhoto,
  type RefusedPhoto,
} from './process.ts';
export { createS3PhotoStore, type S3PhotoStore, type S3PhotoStoreOptions } from './s3-store.ts';
export { type ImageFormat, sniffImageFormat } from './sniff.ts';
export {
  assertPhotoKey,
  InvalidPhotoKeyError,
  isPhotoKey,
  newPhotoKey,
  type PhotoStore,
  type StoredPhoto,
} from './store.ts';
export {
  createPhotoSweepLoop,
  PHOTO_RETENTION_MS,
  type PhotoSweepLoop,
  type PhotoSweepOptions,
  type PhotoSweepResult,
  sweepPhotoBatch,
} from './sweep.ts';
export { recordPhotoUpload } from './uploads.ts';
