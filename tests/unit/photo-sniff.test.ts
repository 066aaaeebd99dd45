// The photo pipeline's format sniffing: only real JPEG, PNG, WebP and HEIF signatures pass.
import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from '../../src/features/reports/photos/sniff.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );

/** An ISO-BMFF ftyp box with the given major and compatible brands. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + compatible.length * 4;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], 'meta');
}

describe('sniffImageFormat', () => {
  it('knows the fixtures by their bytes, not their names', () => {
    expect(sniffImageFormat(fixture(FIXTURES.gpsLandscape))).toBe('jpeg');
    expect(sniffImageFormat(fixture(FIXTURES.transparentPng))).toBe('png');
    expect(sniffImageFormat(fixture(FIXTURES.notAnImage))).toBeNull();
  });

  it('recognises WebP and the HEIF family (HEIC, AVIF, by major or compatible brand)', () => {
    expect(sniffImageFormat(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(ftyp('heic', 'mif1', 'heic'))).toBe('heif');
    expect(sniffImageFormat(ftyp('avif', 'mif1'))).toBe('heif');
    expect(sniffImageFormat(ftyp('isom', 'mif1'))).toBe('heif');
  });

  it.each([
    ['GIF', bytes('GIF89a', [1, 0, 1, 0])],
    ['TIFF', bytes('II*\0', [8, 0, 0, 0, 0, 0, 0, 0])],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['PDF', bytes('%PDF-1.7\n%âãÏÓ\n')],
    ['MP4 video', ftyp('isom', 'iso2', 'mp41')],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['a truncated JPEG signature', bytes([0xff, 0xd8])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, input) => {
    expect(sniffImageFormat(input)).toBeNull();
  });
});
