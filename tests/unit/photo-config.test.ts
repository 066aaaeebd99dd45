// Photo store configuration: fs by default, s3 with its required variables, and the store it selects.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createPhotoStore, newPhotoKey } from '../../src/features/reports/photos/index.ts';

describe('photo store configuration', () => {
  it('defaults to files under DATA_DIR', () => {
    expect(loadConfig({}).photoStore).toEqual({ kind: 'fs' });
  });

  it('reads the S3 variables', () => {
    const config = loadConfig({
      PHOTO_STORE: 's3',
      S3_BUCKET: 'city-photos',
      S3_REGION: 'ap-northeast-1',
      S3_ENDPOINT: 'http://minio.internal:9000/',
      S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.photoStore).toEqual({
      kind: 's3',
      bucket: 'city-photos',
      region: 'ap-northeast-1',
      endpoint: 'http://minio.internal:9000',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
  });

  it('leaves credentials to the SDK chain when no keys are given', () => {
    const config = loadConfig({ PHOTO_STORE: 's3', S3_BUCKET: 'b', S3_REGION: 'ap-northeast-1' });
    expect(config.photoStore).toMatchObject({ kind: 's3', credentials: undefined, forcePathStyle: false });
  });

  it.each([
    [{ PHOTO_STORE: 's3', S3_REGION: 'ap-northeast-1' }, /S3_BUCKET: required when PHOTO_STORE=s3/],
    [{ PHOTO_STORE: 's3', S3_BUCKET: 'b' }, /S3_REGION: required when PHOTO_STORE=s3/],
    [{ S3_ACCESS_KEY_ID: 'a' }, /S3_SECRET_ACCESS_KEY: .*set together/],
    [{ S3_SECRET_ACCESS_KEY: 's' }, /S3_ACCESS_KEY_ID: .*set together/],
    [{ PHOTO_STORE: 'ftp' }, /PHOTO_STORE/],
    [{ S3_ENDPOINT: 'not a url' }, /S3_ENDPOINT/],
    [{ S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('the fs store writes under DATA_DIR/photos', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'photo-config-'));
    try {
      const store = createPhotoStore({ dataDir, photoStore: { kind: 'fs' } });
      const key = newPhotoKey();
      await store.put(key, Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg');
      expect(await readdir(path.join(dataDir, 'photos', key.slice(0, 2)))).toEqual([`${key}.jpg`]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
