// PhotoStore on an S3-compatible bucket (AWS S3, MinIO, R2, …) through the official AWS SDK.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertPhotoKey, type PhotoStore, type StoredPhoto } from './store.ts';

export interface S3PhotoStoreOptions {
  bucket: string;
  region: string;
  /** Unset: AWS S3 itself. */
  endpoint?: string | undefined;
  /** Unset: the SDK's default credential chain (instance role, AWS_* variables). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle?: boolean | undefined;
  /** Object names are `<prefix><key>`; default 'photos/'. */
  prefix?: string | undefined;
}

export interface S3PhotoStore extends PhotoStore {
  /** Closes the SDK's connection pool. */
  close(): void;
}

/** The object is missing; a missing bucket is a configuration error and is thrown. */
function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = 'name' in error ? error.name : undefined;
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  if (name === 'NoSuchBucket') return false;
  const metadata = '$metadata' in error ? error.$metadata : undefined;
  return typeof metadata === 'object' && metadata !== null && 'httpStatusCode' in metadata
    ? metadata.httpStatusCode === 404
    : false;
}

export function createS3PhotoStore(options: S3PhotoStoreOptions): S3PhotoStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    // Checksums only where S3 demands them: several S3-compatible stores refuse the newer trailing checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A store that never answers must not hold an event's lease forever (as for LINE calls).
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  const bucket = options.bucket;
  const prefix = options.prefix ?? 'photos/';
  const objectKey = (key: string): string => {
    assertPhotoKey(key);
    return `${prefix}${key}`;
  };

  return {
    async put(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: bytes, ContentType: contentType }),
      );
    },

    async get(key): Promise<StoredPhoto | null> {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        if (!answer.Body) return null;
        const bytes = Buffer.from(await answer.Body.transformToByteArray());
        return { bytes, contentType: answer.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },

    close: () => client.destroy(),
  };
}
