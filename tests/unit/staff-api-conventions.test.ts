// The staff API's shared conventions without a server: city-time timestamps, labelled enums (ids, labels as
// aliases only when unambiguous, errors that list the values), and opaque keyset cursors.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cityDateTime, cityIso } from '../../src/admin/city-time.ts';
import { LabelledEnum } from '../../src/admin/labelled-enum.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../src/admin/paging.ts';
import { reportEnums } from '../../src/features/reports/admin/enums.ts';
import { loadReportCatalog } from '../../src/features/reports/catalog/catalog.ts';
import { reservationStatusEnum } from '../../src/features/reservations/admin-schemas.ts';

describe('city time', () => {
  it('answers an instant in +09:00, keeping milliseconds only when there are some', () => {
    expect(cityIso(new Date('2026-12-03T14:00:00.000Z'))).toBe('2026-12-03T23:00:00+09:00');
    expect(cityIso(new Date('2026-12-03T15:30:00.250Z'))).toBe('2026-12-04T00:30:00.250+09:00');
    expect(z.encode(cityDateTime, new Date('2027-02-15T00:00:00Z'))).toBe('2027-02-15T09:00:00+09:00');
  });

  it('accepts any ISO offset on input', () => {
    const at = new Date('2027-02-16T04:00:00Z');
    for (const text of ['2027-02-16T04:00:00Z', '2027-02-16T13:00:00+09:00', '2027-02-15T23:00:00-05:00']) {
      expect(cityDateTime.parse(text)).toEqual(at);
    }
    expect(cityDateTime.safeParse('2027-02-16 13:00').success).toBe(false);
  });
});

describe('labelled enums', () => {
  const statuses = reportEnums(loadReportCatalog()).status;

  it('takes the id, or a staff label in Japanese or English, whatever the width, case or spacing', () => {
    expect(statuses.resolve('in_progress')).toEqual({ ok: true, id: 'in_progress' });
    expect(statuses.resolve('対応中')).toEqual({ ok: true, id: 'in_progress' });
    expect(statuses.resolve(' In Progress ')).toEqual({ ok: true, id: 'in_progress' });
    expect(statuses.resolve('ＩＮ＿ＰＲＯＧＲＥＳＳ')).toEqual({ ok: true, id: 'in_progress' });
    expect(statuses.resolve('対応不可')).toEqual({ ok: true, id: 'rejected' });
  });

  it('takes a resident label only when it names one status; the staff label wins', () => {
    // 完了 is what residents see for done, rejected and duplicate, but it is the staff label of done only.
    expect(statuses.resolve('完了')).toEqual({ ok: true, id: 'done' });
    expect(statuses.resolve('直（なお）しています')).toEqual({ ok: true, id: 'in_progress' });
    const closed = statuses.resolve('Closed');
    expect(closed.ok).toBe(false);
    if (!closed.ok)
      expect(closed.message).toBe(
        '"Closed" names more than one status: rejected (対応不可), duplicate (重複); send the id',
      );
  });

  it('refuses anything else with the valid values in the message, as a zod issue', () => {
    const result = z.object({ status: statuses.input() }).safeParse({ status: 'nonsense' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'no status "nonsense"; one of received (受付), in_progress (対応中), done (完了), rejected (対応不可), duplicate (重複)',
    );
    expect(reservationStatusEnum.listInput().parse('受付済み, Booked、no-show')).toEqual([
      'checked_in',
      'booked',
      'no_show',
    ]);
  });

  it('refuses an enum without values or with an id twice', () => {
    expect(() => new LabelledEnum('x', 'x', [])).toThrow(/at least one/);
    const value = { id: 'a', labels: { ja: 'あ', en: 'A' } };
    expect(() => new LabelledEnum('x', 'x', [value, value])).toThrow(/twice/);
  });
});

describe('cursors', () => {
  it('round-trips the sort key of the last item shown, and says when no page follows', () => {
    const rows = [{ id: '5' }, { id: '4' }, { id: '3' }];
    const page = pageOf(rows, 2, (row) => [row.id]);
    expect(page.items).toEqual([{ id: '5' }, { id: '4' }]);
    expect(decodeCursor(page.nextCursor ?? undefined, z.tuple([z.string()]))).toEqual(['4']);
    expect(pageOf(rows, 3, (row) => [row.id]).nextCursor).toBeNull();
  });

  it('answers a cursor that is not one of ours with a 400 naming the field', () => {
    for (const bad of ['%%%', encodeCursor(['x', 1]), 'bm90IGpzb24']) {
      expect(() => decodeCursor(bad, z.tuple([z.string().regex(/^\d+$/)]))).toThrow(/querystring\.cursor/);
    }
  });
});
