// The S3 photo store through the real AWS SDK against a tiny in-process fake of S3's object API.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPhotoStore,
  createS3PhotoStore,
  InvalidPhotoKeyError,
  newPhotoKey,
  type S3PhotoStore,
} from '../../src/features/reports/photos/index.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';

const BUCKET = 'city-photos';
const ACCESS_KEY_ID = 'AKIDPHOTOTEST';

interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** PUT/GET/DELETE on /<bucket>/<object key> (path-style), answering as S3 does, with failure injection. */
function fakeS3() {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const seen: SeenRequest[] = [];
  const failures: number[] = [];
  const xmlError = (code: string, message: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message>` +
    '<RequestId>FAKE</RequestId></Error>';

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname);
    seen.push({ method: request.method ?? '', path, headers: request.headers, body });
    response.setHeader('x-amz-request-id', `fake-${seen.length}`);

    const status = failures.shift();
    if (status !== undefined) {
      response.writeHead(status, { 'content-type': 'application/xml' });
      response.end(xmlError('InternalError', 'We encountered an internal error. Please try again.'));
      return;
    }
    const [, bucket, ...rest] = path.split('/');
    const objectKey = rest.join('/');
    if (bucket !== BUCKET) {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end(xmlError('NoSuchBucket', 'The specified bucket does not exist'));
      return;
    }
    if (request.method === 'PUT') {
      objects.set(objectKey, {
        body,
        contentType: request.headers['content-type'] ?? 'binary/octet-stream',
      });
      response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
      response.end();
    } else if (request.method === 'GET') {
      const object = objects.get(objectKey);
      if (!object) {
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end(xmlError('NoSuchKey', 'The specified key does not exist.'));
        return;
      }
      response.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length });
      response.end(object.body);
    } else if (request.method === 'DELETE') {
      objects.delete(objectKey);
      response.writeHead(204);
      response.end();
    } else {
      response.writeHead(405);
      response.end();
    }
  });
  return {
    server,
    objects,
    seen,
    failures,
    failNext: (status: number, times = 1) => failures.push(...Array(times).fill(status)),
  };
}

let fake: ReturnType<typeof fakeS3>;
let endpoint: string;
let store: S3PhotoStore;

beforeAll(async () => {
  fake = fakeS3();
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  store = createS3PhotoStore({
    bucket: BUCKET,
    region: 'ap-northeast-1',
    endpoint,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'photo-test-secret' },
    forcePathStyle: true,
  });
});
afterAll(async () => {
  store.close();
  await new Promise<void>((resolve) => fake.server.close(() => resolve()));
});
afterEach(() => {
  fake.seen.length = 0;
  fake.objects.clear();
  fake.failures.length = 0;
});

describe('createS3PhotoStore', () => {
  it('puts a photo under photos/<key> with its content type, signed with SigV4', async () => {
    const key = newPhotoKey();
    const jpeg = fixture(FIXTURES.gpsLandscape);
    await store.put(key, jpeg, 'image/jpeg');

    expect([...fake.objects.keys()]).toEqual([`photos/${key}`]);
    expect(fake.objects.get(`photos/${key}`)?.body.equals(jpeg)).toBe(true);
    const put = fake.seen[0];
    expect(put).toMatchObject({ method: 'PUT', path: `/${BUCKET}/photos/${key}` });
    expect(put?.headers['content-type']).toBe('image/jpeg');
    expect(put?.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/ap-northeast-1/s3/aws4_request`),
    );
    // The signed payload hash is that of the bytes that arrived.
    expect(put?.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(jpeg).digest('hex'));
  });

  it('gets it back whole, with its content type', async () => {
    const key = newPhotoKey();
    const jpeg = fixture(FIXTURES.gpsRotated);
    await store.put(key, jpeg, 'image/jpeg');
    const stored = await store.get(key);
    expect(stored?.contentType).toBe('image/jpeg');
    expect(stored?.bytes.equals(jpeg)).toBe(true);
    expect(fake.seen.at(-1)).toMatchObject({ method: 'GET', path: `/${BUCKET}/photos/${key}` });
  });

  it('answers null for a missing object and deletes idempotently', async () => {
    const key = newPhotoKey();
    expect(await store.get(key)).toBeNull();
    await store.put(key, Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg');
    await store.delete(key);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(fake.objects.size).toBe(0);
    expect(fake.seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/${BUCKET}/photos/${key}`,
      `/${BUCKET}/photos/${key}`,
    ]);
  });

  it('rides out a passing 500 through the SDK’s retries', async () => {
    const key = newPhotoKey();
    fake.failNext(500);
    await store.put(key, Buffer.from('photo'), 'image/jpeg');
    expect(fake.seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(fake.objects.get(`photos/${key}`)?.body.toString()).toBe('photo');
  });

  it('throws when the store keeps failing (the caller retries the event, nothing half-stored)', async () => {
    fake.failNext(503, 10);
    await expect(store.put(newPhotoKey(), Buffer.from('photo'), 'image/jpeg')).rejects.toThrow();
    expect(fake.objects.size).toBe(0);
    // The SDK gave up after its attempts (3): every one of them was a PUT of the same photo.
    expect(fake.seen.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT']);
  });

  it('throws for a bucket that does not exist instead of pretending the photo is missing', async () => {
    const wrong = createS3PhotoStore({
      bucket: 'no-such-bucket',
      region: 'ap-northeast-1',
      endpoint,
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'photo-test-secret' },
      forcePathStyle: true,
    });
    try {
      await expect(wrong.get(newPhotoKey())).rejects.toMatchObject({ name: 'NoSuchBucket' });
    } finally {
      wrong.close();
    }
  });

  it('refuses keys it did not make before any request', async () => {
    await expect(store.put('../other-bucket/x', Buffer.from('x'), 'image/jpeg')).rejects.toBeInstanceOf(
      InvalidPhotoKeyError,
    );
    await expect(store.get('photos/../../x')).rejects.toBeInstanceOf(InvalidPhotoKeyError);
    await expect(store.delete('')).rejects.toBeInstanceOf(InvalidPhotoKeyError);
    expect(fake.seen).toEqual([]);
  });

  it('is what createPhotoStore builds from PHOTO_STORE=s3', async () => {
    const configured = createPhotoStore({
      dataDir: '/nonexistent',
      photoStore: {
        kind: 's3',
        bucket: BUCKET,
        region: 'ap-northeast-1',
        endpoint,
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'photo-test-secret' },
        forcePathStyle: true,
      },
    });
    const key = newPhotoKey();
    await configured.put(key, Buffer.from('via config'), 'image/jpeg');
    expect(fake.objects.get(`photos/${key}`)?.body.toString()).toBe('via config');
    expect((await configured.get(key))?.bytes.toString()).toBe('via config');
  });
});
