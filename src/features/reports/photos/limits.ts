// The numbers that bound what a resident's photo may be and what the server keeps of it.

/** Larger downloads are refused before decoding: no phone photo LINE hands over comes near this. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** Width × height from the header; more is refused before any pixel is decoded (decompression bombs). */
export const MAX_INPUT_PIXELS = 50_000_000;

/** The stored photo fits within this square: enough to read a crack or a sign, small to keep and show. */
export const MAX_EDGE = 2048;

/**
 * mozjpeg's quantisation tables without its trellis quantisation and scan search: those two cost 4–6× the encode
 * time for ~7–10 % smaller files. Quality 80 here measured the same PSNR as 82 with them (README beside this file).
 */
export const JPEG_QUALITY = 80;

/**
 * Photos re-encoded at once per process; further ones wait their turn (FIFO). One libvips thread each
 * (sharp-setup.ts), so two use both cores of a small server. Measured peak for 12 MP phone photos: see the
 * memory section of README.md beside this file (bench:photos).
 */
export const MAX_PARALLEL_ENCODES = 2;
