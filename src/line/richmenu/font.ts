// Registers the menu font from the npm package (never a system font), so images look the same on every machine.
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

// BIZ UDPGothic (Morisawa, SIL OFL 1.1): a universal-design face made for public documents, with full Japanese.
const FONT_PACKAGE = '@expo-google-fonts/biz-udpgothic';
export const FONT_FILES = {
  regular: `${FONT_PACKAGE}/400Regular/BIZUDPGothic_400Regular.ttf`,
  bold: `${FONT_PACKAGE}/700Bold/BIZUDPGothic_700Bold.ttf`,
} as const;

// Names no system font has, so a missing registration shows as an error instead of a silent fallback.
export const FONT_FAMILY = { regular: 'RichMenuUD', bold: 'RichMenuUD Bold' } as const;

let registered = false;

export function fontPath(weight: keyof typeof FONT_FILES): string {
  return createRequire(import.meta.url).resolve(FONT_FILES[weight]);
}

export function ensureRichMenuFonts(): void {
  if (registered) return;
  for (const weight of ['regular', 'bold'] as const) {
    const key = GlobalFonts.registerFromPath(fontPath(weight), FONT_FAMILY[weight]);
    if (!key) throw new Error(`could not register rich menu font ${FONT_FILES[weight]}`);
  }
  registered = true;
}
