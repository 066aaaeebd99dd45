// The reservation flow's postback data: ids only, under 300 characters, and only what the flow sent is accepted.
import { describe, expect, it } from 'vitest';
import { parsePostbackData } from '../../src/events/postback-data.ts';
import { livePageOf, pageOf } from '../../src/features/reservations/chat/flex.ts';
import { flowData, newSessionKey, parseFlowOp } from '../../src/features/reservations/chat/postback.ts';

const fields = (data: string) => Object.fromEntries(new URLSearchParams(data));

describe('flow postback data', () => {
  it('round-trips each operation through the router and the flow parser', () => {
    const k = newSessionKey();
    const samples = [
      flowData(k, { op: 'service', s: 'tax-2026' }),
      flowData(k, { op: 'days', page: '2' }),
      flowData(k, { op: 'day', d: '2026-02-17' }),
      flowData(k, { op: 'slot', slot: '123456789012345678' }),
      flowData(k, { op: 'book', slot: '42' }),
      flowData(k, { op: 'quit' }),
      flowData(k, { op: 'change', r: '7' }),
      flowData(k, { op: 'cancel', r: '7' }),
      flowData(k, { op: 'cancel-yes', r: '7' }),
      flowData(k, { op: 'cancel-no' }),
    ];
    for (const data of samples) {
      expect(data.length).toBeLessThanOrEqual(300);
      expect(parsePostbackData(data)).toMatchObject({ action: 'flow', flow: 'reservation' });
      expect(parseFlowOp(fields(data))?.k).toBe(k);
    }
    expect(parseFlowOp(fields(samples[2] ?? ''))?.op).toEqual({ op: 'day', d: '2026-02-17', page: 0 });
    expect(parseFlowOp(fields(samples[1] ?? ''))?.op).toEqual({ op: 'days', page: 2 });
  });

  it('refuses data the flow never sends', () => {
    expect(parseFlowOp({ op: 'book', slot: '1' })).toBeNull();
    expect(parseFlowOp({ k: 'a', op: 'book', slot: 'DROP TABLE' })).toBeNull();
    expect(parseFlowOp({ k: 'a', op: 'day', d: 'tomorrow' })).toBeNull();
    expect(parseFlowOp({ k: 'a', op: 'service', s: 'Not A Service Id' })).toBeNull();
    expect(parseFlowOp({ k: 'a', op: 'days', page: '-1' })).toBeNull();
    expect(parseFlowOp({ k: 'a', op: 'explode' })).toBeNull();
  });

  it('gives each conversation its own key', () => {
    const keys = new Set(Array.from({ length: 50 }, newSessionKey));
    expect(keys.size).toBe(50);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);
  it('keeps up to 12 on one page and pages by 11 beyond', () => {
    expect(pageOf(items.slice(0, 12), 0)).toEqual({ items: items.slice(0, 12), more: false });
    expect(pageOf(items, 0)).toEqual({ items: items.slice(0, 11), more: true });
    expect(pageOf(items, 1)).toEqual({ items: items.slice(11, 22), more: true });
    expect(pageOf(items, 2)).toEqual({ items: items.slice(22), more: false });
    expect(pageOf(items, 9)).toEqual({ items: [], more: false });
  });
});

describe('livePageOf', () => {
  it('falls back to the first page when an old button points past the end', () => {
    expect(livePageOf([1, 2, 3], 4)).toEqual({ items: [1, 2, 3], more: false, page: 0 });
    expect(
      livePageOf(
        Array.from({ length: 13 }, (_, i) => i),
        1,
      ),
    ).toEqual({ items: [11, 12], more: false, page: 1 });
  });
});
