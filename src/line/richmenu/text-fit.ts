// Fits a label into a box: fewest lines first, then the largest font size that fits, breaking at natural points.
import type { SKRSContext2D } from '@napi-rs/canvas';

export interface FitOptions {
  family: string;
  maxSize: number;
  minSize: number;
  maxWidth: number;
  maxLines: number;
}

export interface FittedText {
  size: number;
  lines: string[];
}

// Break after spaces and Japanese separators; a piece still too wide is broken between characters.
function pieces(text: string): string[] {
  return text.match(/[^\s・、/]+[\s・、/]*|[\s・、/]+/gu) ?? [text];
}

function wrap(g: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (piece: string) => {
    const candidate = line + piece;
    if (line === '' || g.measureText(candidate.trimEnd()).width <= maxWidth) {
      line = candidate;
    } else {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    }
  };
  for (const piece of pieces(text)) {
    if (g.measureText(piece.trimEnd()).width <= maxWidth) {
      push(piece);
    } else {
      for (const char of piece) push(char);
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

function fits(g: SKRSContext2D, lines: string[], maxWidth: number): boolean {
  return lines.every((line) => g.measureText(line).width <= maxWidth);
}

/** The fitted lines, or null when even `minSize` on `maxLines` lines cannot hold the text. */
export function fitText(g: SKRSContext2D, text: string, options: FitOptions): FittedText | null {
  const { family, maxSize, minSize, maxWidth, maxLines } = options;
  for (let lineCount = 1; lineCount <= maxLines; lineCount++) {
    for (let size = maxSize; size >= minSize; size -= 2) {
      g.font = `${size}px "${family}"`;
      const lines = wrap(g, text, maxWidth);
      if (lines.length <= lineCount && fits(g, lines, maxWidth)) return { size, lines };
    }
  }
  return null;
}
