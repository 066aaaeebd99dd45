// Re-encodes a resident's photo: checks the real format and size, turns it upright, drops every metadata
// block (EXIF with GPS, XMP, IPTC, ICC), shrinks it into MAX_EDGE² and writes a plain sRGB JPEG.
import { createLimiter } from './limiter.ts';
import { JPEG_QUALITY, MAX_EDGE, MAX_INPUT_BYTES, MAX_INPUT_PIXELS, MAX_PARALLEL_ENCODES } from './limits.ts';
import { configureSharp, hasMozjpeg } from './sharp-setup.ts';
import { type ImageFormat, sniffImageFormat } from './sniff.ts';

export type PhotoRefusal = 'not_an_image' | 'too_large';

export interface ProcessedPhoto {
  ok: true;
  bytes: Buffer;
  contentType: 'image/jpeg';
  /** Of the stored JPEG, upright. */
  width: number;
  height: number;
  sourceFormat: ImageFormat;
}

export interface RefusedPhoto {
  ok: false;
  reason: PhotoRefusal;
  /** For the log, never for the resident. */
  detail: string;
}

export type ProcessResult = ProcessedPhoto | RefusedPhoto;

const encodeSlots = createLimiter(MAX_PARALLEL_ENCODES);

const refuse = (reason: PhotoRefusal, detail: string): RefusedPhoto => ({ ok: false, reason, detail });

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Never throws for anything about the input itself: a bad photo is a refusal, not an error. */
export async function processPhoto(input: Uint8Array): Promise<ProcessResult> {
  if (input.byteLength > MAX_INPUT_BYTES) {
    return refuse('too_large', `${input.byteLength} bytes, more than ${MAX_INPUT_BYTES}`);
  }
  const format = sniffImageFormat(input);
  if (!format) return refuse('not_an_image', 'not a JPEG, PNG, WebP or HEIF signature');

  const sharp = configureSharp();
  // The header alone: dimensions are checked before a single pixel is decoded.
  let width: number;
  let height: number;
  try {
    const meta = await sharp(input).metadata();
    if (meta.format !== format) return refuse('not_an_image', `signature ${format}, decoder ${meta.format}`);
    width = meta.width;
    height = meta.height;
  } catch (error) {
    return refuse('not_an_image', describe(error));
  }
  if (!(width > 0 && height > 0)) return refuse('not_an_image', 'no dimensions');
  if (width * height > MAX_INPUT_PIXELS) {
    return refuse('too_large', `${width}×${height} pixels, more than ${MAX_INPUT_PIXELS}`);
  }

  return encodeSlots.run(async () => {
    try {
      // No keepExif/keepXmp/keepIccProfile/withMetadata: sharp writes none of the input's metadata.
      const { data, info } = await sharp(input, {
        autoOrient: true,
        limitInputPixels: MAX_INPUT_PIXELS,
        sequentialRead: true,
      })
        .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({
          quality: JPEG_QUALITY,
          mozjpeg: hasMozjpeg(),
          trellisQuantisation: false,
          optimizeScans: false,
          overshootDeringing: false,
        })
        .toBuffer({ resolveWithObject: true });
      return {
        ok: true,
        bytes: data,
        contentType: 'image/jpeg',
        width: info.width,
        height: info.height,
        sourceFormat: format,
      };
    } catch (error) {
      const detail = describe(error);
      if (/pixel limit/i.test(detail)) return refuse('too_large', detail);
      return refuse('not_an_image', detail);
    }
  });
}
