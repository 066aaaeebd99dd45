// Re-encoding residents' photos with real fixtures: metadata (GPS above all) gone, upright, bounded, refusals.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  MAX_EDGE,
  MAX_INPUT_BYTES,
  type ProcessedPhoto,
  type ProcessResult,
  processPhoto,
} from '../../src/features/reports/photos/index.ts';
import { colourAt, FIXTURES, fixture, inspectPhoto } from '../fixtures/photos/inspect.ts';
import { KASUGA_GPS } from '../fixtures/photos/make-fixtures.ts';

function accepted(result: ProcessResult): ProcessedPhoto {
  if (!result.ok) throw new Error(`refused: ${result.reason} (${result.detail})`);
  return result;
}

describe('the fixtures really carry what the pipeline must remove', () => {
  it('GPS EXIF of Kasuga, camera tags and XMP', async () => {
    const report = await inspectPhoto(fixture(FIXTURES.gpsLandscape));
    expect(report).toMatchObject({ format: 'jpeg', width: 320, height: 240, exif: true, xmp: true });
    expect(report.gps?.latitude).toBeCloseTo(KASUGA_GPS.latitude, 3);
    expect(report.gps?.longitude).toBeCloseTo(KASUGA_GPS.longitude, 3);
    expect(report.rawMarkers).toEqual(expect.arrayContaining(['Exif\0\0', 'http://ns.adobe.com/xap/1.0/']));
  });

  it('an orientation tag and an ICC profile on a landscape-stored photo', async () => {
    const report = await inspectPhoto(fixture(FIXTURES.gpsRotated));
    expect(report).toMatchObject({ width: 60, height: 40, orientation: 6, exif: true, icc: true });
    expect(report.gps?.latitude).toBeCloseTo(KASUGA_GPS.latitude, 3);
  });
});

describe('processPhoto', () => {
  it('keeps the picture and drops every metadata block, GPS included', async () => {
    const photo = accepted(await processPhoto(fixture(FIXTURES.gpsLandscape)));
    expect(photo).toMatchObject({ contentType: 'image/jpeg', width: 320, height: 240, sourceFormat: 'jpeg' });
    const report = await inspectPhoto(photo.bytes);
    expect(report).toMatchObject({
      format: 'jpeg',
      width: 320,
      height: 240,
      orientation: undefined,
      exif: false,
      xmp: false,
      iptc: false,
      icc: false,
      gps: undefined,
      rawMarkers: [],
    });
    // Still the same gradient: red grows to the right, green downwards.
    const topLeft = await colourAt(photo.bytes, 2, 2);
    const bottomRight = await colourAt(photo.bytes, 310, 230);
    expect(bottomRight.r - topLeft.r).toBeGreaterThan(200);
    expect(bottomRight.g - topLeft.g).toBeGreaterThan(200);
  });

  it('turns the photo upright by its EXIF orientation, then forgets the tag', async () => {
    const photo = accepted(await processPhoto(fixture(FIXTURES.gpsRotated)));
    expect([photo.width, photo.height]).toEqual([40, 60]);
    const report = await inspectPhoto(photo.bytes);
    expect(report).toMatchObject({
      width: 40,
      height: 60,
      orientation: undefined,
      exif: false,
      icc: false,
      gps: undefined,
      rawMarkers: [],
    });
    const top = await colourAt(photo.bytes, 18, 5);
    const bottom = await colourAt(photo.bytes, 18, 50);
    expect(top.r).toBeGreaterThan(200);
    expect(top.b).toBeLessThan(60);
    expect(bottom.b).toBeGreaterThan(200);
    expect(bottom.r).toBeLessThan(60);
  });

  it('shrinks a large photo to fit within the maximum edge, keeping its aspect ratio', async () => {
    const large = await sharp({
      create: { width: 4032, height: 3024, channels: 3, background: '#336699' },
    })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 31/1 5772/100' } })
      .toBuffer();
    const photo = accepted(await processPhoto(large));
    expect([photo.width, photo.height]).toEqual([MAX_EDGE, 1536]);
    expect(await inspectPhoto(photo.bytes)).toMatchObject({ width: MAX_EDGE, height: 1536, exif: false });
  });

  it('never enlarges a small photo', async () => {
    const small = await sharp({ create: { width: 16, height: 9, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(accepted(await processPhoto(small))).toMatchObject({ width: 16, height: 9, sourceFormat: 'png' });
  });

  it('takes a PNG with transparency, putting white where it was transparent', async () => {
    const photo = accepted(await processPhoto(fixture(FIXTURES.transparentPng)));
    expect(photo).toMatchObject({ width: 200, height: 150, sourceFormat: 'png', contentType: 'image/jpeg' });
    const left = await colourAt(photo.bytes, 20, 70);
    const right = await colourAt(photo.bytes, 170, 70);
    expect(Math.min(left.r, left.g, left.b)).toBeGreaterThan(240);
    expect(right.g).toBeGreaterThan(180);
    expect(right.r).toBeLessThan(40);
  });

  it('takes WebP and AVIF, stripping their EXIF too', async () => {
    const source = sharp(fixture(FIXTURES.gpsLandscape)).keepExif();
    const webp = await source.clone().webp().toBuffer();
    const avif = await source.clone().avif().toBuffer();
    expect((await inspectPhoto(webp)).gps?.latitude).toBeCloseTo(KASUGA_GPS.latitude, 3);
    for (const [input, format] of [
      [webp, 'webp'],
      [avif, 'heif'],
    ] as const) {
      const photo = accepted(await processPhoto(input));
      expect(photo).toMatchObject({ sourceFormat: format, width: 320, height: 240 });
      expect(await inspectPhoto(photo.bytes)).toMatchObject({ format: 'jpeg', exif: false, gps: undefined });
    }
  });

  it('refuses a text file named .jpg', async () => {
    expect(await processPhoto(fixture(FIXTURES.notAnImage))).toMatchObject({
      ok: false,
      reason: 'not_an_image',
    });
  });

  it('refuses formats outside the list even when the decoder knows them (GIF, TIFF, SVG)', async () => {
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } });
    const inputs = [
      await base.clone().gif().toBuffer(),
      await base.clone().tiff().toBuffer(),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'),
    ];
    for (const input of inputs) {
      expect(await processPhoto(input)).toMatchObject({ ok: false, reason: 'not_an_image' });
    }
  });

  it('refuses a JPEG signature followed by garbage, and a photo cut off half-way', async () => {
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
    expect(await processPhoto(garbage)).toMatchObject({ ok: false, reason: 'not_an_image' });
    const whole = fixture(FIXTURES.gpsLandscape);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    expect(await processPhoto(cut)).toMatchObject({ ok: false, reason: 'not_an_image' });
  });

  it('refuses more than 50 megapixels from the header, before decoding', async () => {
    const result = await processPhoto(fixture(FIXTURES.oversized));
    expect(result).toMatchObject({ ok: false, reason: 'too_large' });
    expect(result.ok ? '' : result.detail).toMatch(/8000×6400/);
  });

  it('refuses more than 20 MB of input without looking further', async () => {
    const huge = Buffer.alloc(MAX_INPUT_BYTES + 1);
    fixture(FIXTURES.gpsLandscape).copy(huge);
    expect(await processPhoto(huge)).toMatchObject({ ok: false, reason: 'too_large' });
    const justUnder = Buffer.alloc(MAX_INPUT_BYTES);
    fixture(FIXTURES.gpsLandscape).copy(justUnder);
    // Trailing bytes after the JPEG's end marker are tolerated: only the byte limit is at stake here.
    expect((await processPhoto(justUnder)).ok).toBe(true);
  });
});
