// Simple pictograms drawn with paths (no image assets), one per menu tile, white on the tile's colour disc.
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { IconName } from './definition.ts';
import { FONT_FAMILY } from './font.ts';

// `bg` is the disc colour, for holes cut into a shape.
type Draw = (g: SKRSContext2D, s: number, bg: string) => void;

// Every icon is drawn around (0, 0) in a box of side `s`; the caller translates to the disc's centre.
function roundedRect(g: SKRSContext2D, x: number, y: number, w: number, h: number, r: number): void {
  g.beginPath();
  g.roundRect(x, y, w, h, r);
}

function calendarFrame(g: SKRSContext2D, s: number): void {
  const w = s * 0.8;
  const h = s * 0.7;
  const top = -h / 2 + s * 0.05;
  g.lineWidth = s * 0.07;
  roundedRect(g, -w / 2, top, w, h, s * 0.08);
  g.stroke();
  g.fillRect(-w / 2, top, w, h * 0.24);
  for (const x of [-w * 0.25, w * 0.25]) {
    roundedRect(g, x - s * 0.04, top - s * 0.1, s * 0.08, s * 0.18, s * 0.04);
    g.fill();
  }
}

function check(g: SKRSContext2D, s: number, dy: number): void {
  g.lineWidth = s * 0.08;
  g.beginPath();
  g.moveTo(-s * 0.2, dy);
  g.lineTo(-s * 0.05, dy + s * 0.14);
  g.lineTo(s * 0.22, dy - s * 0.14);
  g.stroke();
}

const ICONS: Record<IconName, Draw> = {
  calendar(g, s) {
    calendarFrame(g, s);
    const cell = s * 0.1;
    for (let row = 0; row < 2; row++) {
      for (let col = 0; col < 3; col++) {
        g.fillRect(-s * 0.25 + col * s * 0.2 - cell / 2, s * 0.04 + row * s * 0.16 - cell / 2, cell, cell);
      }
    }
  },
  trash(g, s, bg) {
    // A lidded bin with three ribs.
    const top = -s * 0.22;
    g.fillRect(-s * 0.32, top - s * 0.1, s * 0.64, s * 0.08);
    g.fillRect(-s * 0.08, top - s * 0.18, s * 0.16, s * 0.08);
    g.beginPath();
    g.moveTo(-s * 0.26, top + s * 0.02);
    g.lineTo(s * 0.26, top + s * 0.02);
    g.lineTo(s * 0.2, s * 0.4);
    g.lineTo(-s * 0.2, s * 0.4);
    g.closePath();
    g.fill();
    g.strokeStyle = bg;
    g.lineWidth = s * 0.05;
    for (const x of [-s * 0.1, 0, s * 0.1]) {
      g.beginPath();
      g.moveTo(x, top + s * 0.12);
      g.lineTo(x, s * 0.3);
      g.stroke();
    }
    g.strokeStyle = '#FFFFFF';
  },
  calendarCheck(g, s) {
    calendarFrame(g, s);
    check(g, s, s * 0.1);
  },
  family(g, s) {
    const person = (x: number, headR: number, bodyR: number, baseY: number) => {
      g.beginPath();
      g.arc(x, baseY - bodyR - headR * 1.25, headR, 0, Math.PI * 2);
      g.fill();
      g.beginPath();
      g.arc(x, baseY, bodyR, Math.PI, 0);
      g.closePath();
      g.fill();
    };
    person(-s * 0.15, s * 0.14, s * 0.22, s * 0.38);
    person(s * 0.22, s * 0.1, s * 0.15, s * 0.38);
  },
  warning(g, s) {
    g.lineJoin = 'round';
    g.lineWidth = s * 0.08;
    g.beginPath();
    g.moveTo(0, -s * 0.4);
    g.lineTo(s * 0.44, s * 0.36);
    g.lineTo(-s * 0.44, s * 0.36);
    g.closePath();
    g.stroke();
    roundedRect(g, -s * 0.045, -s * 0.16, s * 0.09, s * 0.3, s * 0.04);
    g.fill();
    g.beginPath();
    g.arc(0, s * 0.24, s * 0.055, 0, Math.PI * 2);
    g.fill();
  },
  shelter(g, s) {
    g.lineJoin = 'round';
    g.lineWidth = s * 0.08;
    g.beginPath();
    g.moveTo(-s * 0.46, -s * 0.02);
    g.lineTo(0, -s * 0.42);
    g.lineTo(s * 0.46, -s * 0.02);
    g.stroke();
    g.beginPath();
    g.moveTo(-s * 0.32, -s * 0.08);
    g.lineTo(-s * 0.32, s * 0.38);
    g.lineTo(s * 0.32, s * 0.38);
    g.lineTo(s * 0.32, -s * 0.08);
    g.stroke();
    // A cross on the house: the usual sign for a place that protects people.
    g.fillRect(-s * 0.045, -s * 0.02, s * 0.09, s * 0.3);
    g.fillRect(-s * 0.15, s * 0.085, s * 0.3, s * 0.09);
  },
  question(g, s) {
    roundedRect(g, -s * 0.42, -s * 0.38, s * 0.84, s * 0.62, s * 0.16);
    g.lineWidth = s * 0.07;
    g.stroke();
    g.beginPath();
    g.moveTo(-s * 0.16, s * 0.22);
    g.lineTo(-s * 0.22, s * 0.42);
    g.lineTo(s * 0.04, s * 0.22);
    g.fill();
    g.font = `${Math.round(s * 0.5)}px "${FONT_FAMILY.bold}"`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText('?', 0, -s * 0.06);
  },
  globe(g, s) {
    const r = s * 0.4;
    g.lineWidth = s * 0.06;
    g.beginPath();
    g.arc(0, 0, r, 0, Math.PI * 2);
    g.stroke();
    g.beginPath();
    g.ellipse(0, 0, r * 0.45, r, 0, 0, Math.PI * 2);
    g.stroke();
    g.beginPath();
    g.moveTo(-r, 0);
    g.lineTo(r, 0);
    g.moveTo(-r * 0.86, -r * 0.5);
    g.lineTo(r * 0.86, -r * 0.5);
    g.moveTo(-r * 0.86, r * 0.5);
    g.lineTo(r * 0.86, r * 0.5);
    g.stroke();
  },
  pin(g, s, bg) {
    const r = s * 0.26;
    const cy = -s * 0.12;
    g.beginPath();
    g.arc(0, cy, r, Math.PI * 0.8, Math.PI * 0.2);
    g.lineTo(0, s * 0.44);
    g.closePath();
    g.fill();
    g.fillStyle = bg;
    g.beginPath();
    g.arc(0, cy, r * 0.42, 0, Math.PI * 2);
    g.fill();
  },
  book(g, s) {
    g.lineJoin = 'round';
    g.lineWidth = s * 0.07;
    for (const side of [-1, 1]) {
      g.beginPath();
      g.moveTo(0, -s * 0.26);
      g.quadraticCurveTo(side * s * 0.2, -s * 0.36, side * s * 0.44, -s * 0.3);
      g.lineTo(side * s * 0.44, s * 0.3);
      g.quadraticCurveTo(side * s * 0.2, s * 0.24, 0, s * 0.34);
      g.closePath();
      g.stroke();
    }
    g.beginPath();
    g.moveTo(0, -s * 0.26);
    g.lineTo(0, s * 0.34);
    g.stroke();
  },
  envelope(g, s) {
    g.lineJoin = 'round';
    g.lineWidth = s * 0.07;
    roundedRect(g, -s * 0.42, -s * 0.28, s * 0.84, s * 0.56, s * 0.06);
    g.stroke();
    g.beginPath();
    g.moveTo(-s * 0.4, -s * 0.24);
    g.lineTo(0, s * 0.06);
    g.lineTo(s * 0.4, -s * 0.24);
    g.stroke();
  },
};

/** Draws `name` in white on a disc of colour `bg`, centred on (cx, cy), fitting a square of side `size`. */
export function drawIcon(
  g: SKRSContext2D,
  name: IconName,
  cx: number,
  cy: number,
  size: number,
  bg: string,
): void {
  g.save();
  g.translate(cx, cy);
  g.fillStyle = '#FFFFFF';
  g.strokeStyle = '#FFFFFF';
  g.lineCap = 'round';
  ICONS[name](g, size, bg);
  g.restore();
}
