// The simulator page's pure helpers (plain browser modules, loaded here by path): Flex sizes and styles as LINE
// draws them, URL links in texts, the map projection, and datetimepicker params.
import { describe, expect, it } from 'vitest';

type Style = Record<string, string>;
interface FlexStyleModule {
  SPACING: Record<string, number>;
  FONT_SIZES: Record<string, number>;
  length(
    value: unknown,
    table?: Record<string, number | string>,
    options?: { percent?: boolean },
  ): string | undefined;
  color(value: unknown): string | undefined;
  fontSize(value: unknown): string;
  aspectRatio(value: unknown): string;
  blockPadding(block: string, size?: string, hasFooter?: boolean): Record<string, number>;
  bubbleRadius(size?: string): number;
  flexValue(component: object, parentLayout: string): string;
  childLayoutStyle(component: object, parent: object, index: number, direction?: string): Style;
  boxStyle(box: object, padding?: Record<string, number>): Style;
  linearGradient(background: unknown): string | undefined;
  textStyle(text: object): Style;
  spanStyle(span: object): Style;
  buttonStyle(button: object): { kind: string; style: Style };
}
interface LinkPart {
  type: 'text' | 'link';
  text: string;
  href?: string;
}
interface GeoModule {
  outerRings(geometry: unknown): number[][][];
  boundingBox(rings: number[][][]): { minLon: number; maxLon: number; minLat: number; maxLat: number };
  projection(
    box: { minLon: number; maxLon: number; minLat: number; maxLat: number },
    width: number,
    padding?: number,
  ): {
    width: number;
    height: number;
    toXY(lon: number, lat: number): number[];
    toLonLat(x: number, y: number): number[];
  };
  insideRing(ring: number[][], lon: number, lat: number): boolean;
}

const PUBLIC = '../../src/local/simulator/public/';
// Loaded through a variable: they are browser modules without type declarations.
const load = (name: string) => import(/* @vite-ignore */ `${PUBLIC}${name}`);
const style: FlexStyleModule = await load('flex-style.js');
const { linkify }: { linkify(text: string): LinkPart[] } = await load('linkify.js');
const geo: GeoModule = await load('geo.js');
const { datetimeParams }: { datetimeParams(mode: string, value: string): unknown } = await load('actions.js');

describe('flex-style.js', () => {
  it('uses LINE keyword sizes for spacing, fonts and bubbles', () => {
    expect(style.SPACING).toEqual({ none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 });
    expect(['xxs', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl', '3xl', '4xl', '5xl'].map(style.fontSize)).toEqual([
      '11px',
      '13px',
      '14px',
      '16px',
      '19px',
      '22px',
      '29px',
      '35px',
      '48px',
      '74px',
    ]);
    expect(style.fontSize('18px')).toBe('18px');
    expect(style.fontSize(undefined)).toBe('16px');
    expect(style.length('lg')).toBe('12px');
    expect(style.length('5.5px')).toBe('5.5px');
    expect(style.length('40%')).toBe('40%');
    expect(style.length('40%', style.SPACING, { percent: false })).toBeUndefined();
    expect(style.length('calc(1px)')).toBeUndefined();
    expect(style.bubbleRadius('mega')).toBe(17);
    expect(style.bubbleRadius('kilo')).toBe(10);
  });

  it('passes only LINE colours (#RRGGBB, #RRGGBBAA) into CSS', () => {
    expect(style.color('#1D6FA5')).toBe('#1D6FA5');
    expect(style.color('#1D6FA580')).toBe('#1D6FA580');
    expect(style.color('red')).toBeUndefined();
    expect(style.color('#fff; background:url(x)')).toBeUndefined();
  });

  it('turns aspect ratios into CSS and falls back to 1:1', () => {
    expect(style.aspectRatio('20:13')).toBe('20 / 13');
    expect(style.aspectRatio('1.51:1')).toBe('1.51 / 1');
    expect(style.aspectRatio('0:1')).toBe('1 / 1');
    expect(style.aspectRatio(undefined)).toBe('1 / 1');
  });

  it('pads bubble blocks by bubble size, with less under a body that has a footer', () => {
    expect(style.blockPadding('body', 'mega', false)).toEqual({ top: 19, right: 20, bottom: 20, left: 20 });
    expect(style.blockPadding('body', 'mega', true)).toEqual({ top: 19, right: 20, bottom: 10, left: 20 });
    expect(style.blockPadding('header', 'kilo')).toEqual({ top: 13, right: 13, bottom: 13, left: 13 });
    expect(style.blockPadding('body', 'kilo', true).bottom).toBe(17);
    expect(style.blockPadding('body', 'nano', true)).toEqual({ top: 10, right: 10, bottom: 10, left: 10 });
    expect(style.blockPadding('footer', 'giga')).toEqual({ top: 10, right: 10, bottom: 10, left: 10 });
    expect(style.blockPadding('hero', 'mega')).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
  });

  it('shares width by flex in horizontal boxes (default 1) and keeps heights in vertical ones (default 0)', () => {
    expect(style.flexValue({ type: 'text' }, 'horizontal')).toBe('1 0 0');
    expect(style.flexValue({ type: 'text', flex: 3 }, 'baseline')).toBe('3 0 0');
    expect(style.flexValue({ type: 'text', flex: 0 }, 'horizontal')).toBe('0 0 auto');
    expect(style.flexValue({ type: 'text' }, 'vertical')).toBe('0 0 auto');
    expect(style.flexValue({ type: 'box', flex: 2 }, 'vertical')).toBe('2 0 auto');
    expect(style.flexValue({ type: 'filler' }, 'vertical')).toBe('1 0 auto');
    expect(style.flexValue({ type: 'separator', flex: 4 }, 'horizontal')).toBe('0 0 auto');
    expect(style.flexValue({ type: 'box', width: '80px' }, 'horizontal')).toBe('0 0 auto');
  });

  it("puts the box's spacing before every child but the first, and a child's margin instead of it", () => {
    const parent = { layout: 'vertical', spacing: 'md' };
    expect(style.childLayoutStyle({ type: 'text' }, parent, 0)['margin-top']).toBeUndefined();
    expect(style.childLayoutStyle({ type: 'text' }, parent, 1)['margin-top']).toBe('8px');
    expect(style.childLayoutStyle({ type: 'text', margin: 'xxl' }, parent, 1)['margin-top']).toBe('20px');
    expect(style.childLayoutStyle({ type: 'text', margin: 'sm' }, parent, 0)['margin-top']).toBe('4px');
    expect(style.childLayoutStyle({ type: 'filler' }, parent, 2)['margin-top']).toBeUndefined();
    const row = { layout: 'horizontal', spacing: 'lg' };
    expect(style.childLayoutStyle({ type: 'text' }, row, 1)['margin-left']).toBe('12px');
    expect(style.childLayoutStyle({ type: 'text' }, row, 1, 'rtl')['margin-right']).toBe('12px');
    const absolute = style.childLayoutStyle(
      { type: 'box', position: 'absolute', offsetTop: 'md', offsetStart: '10%', margin: 'xl' },
      row,
      1,
    );
    expect(absolute).toMatchObject({ position: 'absolute', top: '8px', left: '10%' });
    expect(absolute['margin-left']).toBeUndefined();
  });

  it('styles boxes: padding over the block default, colours, border, radius, sizes, gradient', () => {
    const css = style.boxStyle(
      {
        layout: 'baseline',
        paddingAll: 'lg',
        paddingTop: '5px',
        backgroundColor: '#FFFFFF',
        borderWidth: 'semi-bold',
        borderColor: '#000000',
        cornerRadius: 'xxl',
        width: '120px',
        maxHeight: '50%',
        justifyContent: 'space-between',
        alignItems: 'center',
      },
      { top: 19, right: 20, bottom: 20, left: 20 },
    );
    expect(css).toMatchObject({
      display: 'flex',
      'flex-direction': 'row',
      padding: '5px 12px 12px 12px',
      'background-color': '#FFFFFF',
      border: '3px solid #000000',
      'border-radius': '20px',
      width: '120px',
      'max-height': '50%',
      'justify-content': 'space-between',
      'align-items': 'center',
    });
    expect(style.boxStyle({ layout: 'vertical' }, { top: 19, right: 20, bottom: 10, left: 20 }).padding).toBe(
      '19px 20px 10px 20px',
    );
    expect(
      style.linearGradient({
        type: 'linearGradient',
        angle: '90deg',
        startColor: '#000000',
        endColor: '#FFFFFF',
      }),
    ).toBe('linear-gradient(90deg, #000000 0%, #FFFFFF 100%)');
    expect(style.linearGradient({ type: 'radial' })).toBeUndefined();
  });

  it('styles texts, spans and buttons as LINE does', () => {
    expect(style.textStyle({ text: 'a' })).toMatchObject({
      'font-size': '16px',
      color: '#111111',
      'white-space': 'nowrap',
      'text-overflow': 'ellipsis',
    });
    expect(
      style.textStyle({
        text: 'a',
        wrap: true,
        maxLines: 3,
        weight: 'bold',
        align: 'center',
        decoration: 'underline',
      }),
    ).toMatchObject({
      'white-space': 'pre-wrap',
      '-webkit-line-clamp': '3',
      'font-weight': '700',
      'text-align': 'center',
      'text-decoration': 'underline',
    });
    expect(style.spanStyle({ size: 'xl', color: '#FF0000', style: 'italic' })).toEqual({
      'font-size': '22px',
      color: '#FF0000',
      'font-style': 'italic',
    });
    expect(style.buttonStyle({ style: 'primary' })).toEqual({
      kind: 'primary',
      style: { 'background-color': '#17C950', color: '#FFFFFF', height: '52px' },
    });
    expect(style.buttonStyle({ style: 'secondary', height: 'sm', color: '#EEEEEE' }).style).toEqual({
      'background-color': '#EEEEEE',
      color: '#111111',
      height: '40px',
    });
    expect(style.buttonStyle({ color: '#123456' })).toEqual({
      kind: 'link',
      style: { 'background-color': 'transparent', color: '#123456', height: '52px' },
    });
  });
});

describe('linkify.js', () => {
  it('makes http(s) URLs links and leaves the text around them', () => {
    expect(linkify('詳しくは https://example.jp/a?b=1 をご覧ください。')).toEqual([
      { type: 'text', text: '詳しくは ' },
      { type: 'link', text: 'https://example.jp/a?b=1', href: 'https://example.jp/a?b=1' },
      { type: 'text', text: ' をご覧ください。' },
    ]);
    expect(linkify('See http://a.example.com.')).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'link', text: 'http://a.example.com', href: 'http://a.example.com' },
      { type: 'text', text: '.' },
    ]);
    expect(linkify('（https://example.jp）')).toEqual([
      { type: 'text', text: '（' },
      { type: 'link', text: 'https://example.jp', href: 'https://example.jp' },
      { type: 'text', text: '）' },
    ]);
    expect(linkify('javascript:alert(1) and ftp://x')).toEqual([
      { type: 'text', text: 'javascript:alert(1) and ftp://x' },
    ]);
  });
});

describe('geo.js', () => {
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [130.4, 33.5],
        [130.5, 33.5],
        [130.5, 33.6],
        [130.4, 33.6],
        [130.4, 33.5],
      ],
    ],
  };

  it('projects lon/lat onto the map and back', () => {
    const rings = geo.outerRings(square);
    expect(rings).toHaveLength(1);
    const box = geo.boundingBox(rings);
    expect(box).toEqual({ minLon: 130.4, maxLon: 130.5, minLat: 33.5, maxLat: 33.6 });
    const proj = geo.projection(box, 300, 10);
    expect(proj.toXY(130.4, 33.6)).toEqual([10, 10]);
    const [x, y] = proj.toXY(130.5, 33.5);
    expect(x).toBeCloseTo(290);
    expect(y).toBeCloseTo(proj.height - 10);
    // A degree of longitude is shorter than one of latitude at 33.5°N, so the map is taller than wide.
    expect(proj.height).toBeGreaterThan(300);
    const [lon, lat] = proj.toLonLat(150, 100);
    expect(proj.toXY(lon ?? 0, lat ?? 0)[0]).toBeCloseTo(150);
    expect(geo.insideRing(rings[0] ?? [], 130.45, 33.55)).toBe(true);
    expect(geo.insideRing(rings[0] ?? [], 130.55, 33.55)).toBe(false);
    expect(geo.outerRings({ type: 'Point', coordinates: [1, 2] })).toEqual([]);
  });
});

describe('actions.js datetimeParams', () => {
  it('gives the postback params LINE sends for each picker mode', () => {
    expect(datetimeParams('date', '2025-03-04')).toEqual({ date: '2025-03-04' });
    expect(datetimeParams('time', '09:30:00')).toEqual({ time: '09:30' });
    expect(datetimeParams('datetime', '2025-03-04T09:30')).toEqual({ datetime: '2025-03-04T09:30' });
    expect(datetimeParams('date', '')).toBeNull();
  });
});
