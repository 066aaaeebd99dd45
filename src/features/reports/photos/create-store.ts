// Picks the photo store the configuration names: files under DATA_DIR/photos, or an S3-compatible bucket.
import path from 'node:path';
import type { Config } from '../../../config.ts';
import { createFsPhotoStore } from './fs-store.ts';
import { createS3PhotoStore } from './s3-store.ts';
import type { PhotoStore } from './store.ts';

export function createPhotoStore(config: Pick<Config, 'dataDir' | 'photoStore'>): PhotoStore {
  const settings = config.photoStore;
  if (settings.kind === 's3') {
    return createS3PhotoStore({
      bucket: settings.bucket,
      region: settings.region,
      endpoint: settings.endpoint,
      credentials: settings.credentials,
      forcePathStyle: settings.forcePathStyle,
    });
  }
  return createFsPhotoStore({ root: path.join(config.dataDir, 'photos') });
}
