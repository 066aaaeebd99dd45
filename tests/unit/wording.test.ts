// Wording defects a newcomer met (issue 11, item 5): cancel buttons, "any time", staff reasons in Japanese reaching
// other readers, the reservations CSV in one language.
import { describe, expect, it } from 'vitest';
import { loadReportCatalog } from '../../src/features/reports/catalog/catalog.ts';
import { statusNoticeText } from '../../src/features/reports/notices.ts';
import type { Report } from '../../src/features/reports/types.ts';
import { formatReception } from '../../src/features/reservations/chat/format.ts';
import { cancelReasonText } from '../../src/features/reservations/csv.ts';
import { staffReasonLine } from '../../src/features/reservations/notices.ts';
import type { ReservationService } from '../../src/features/reservations/types.ts';
import { LANGUAGES, t } from '../../src/i18n/index.ts';
import { flattenKeys, loadResources } from '../../src/i18n/resources.ts';

const { resources } = loadResources();

describe('English buttons', () => {
  it('never say just "Stop": a cancel button says what it stops', () => {
    const labels = Object.values(resources.en).flatMap((table) => [...flattenKeys(table)]);
    const stops = labels.filter(([key, value]) => /(^|\.)quit$|quitLabel$/.test(key) && value === 'Stop');
    expect(stops).toEqual([]);
    expect(t('en', 'reservations:confirm.quit')).toBe('Not now');
  });
});

describe('a service taking bookings at any time', () => {
  const always = { receptionStartsOn: null, receptionEndsOn: null } as ReservationService;
  it('reads "any time", not "all year"', () => {
    expect(formatReception('en', always)).toBe('any time');
    expect(t('en', 'reservations:label.reception')).toBe('Booking period');
    expect(t('en', 'reservations:days.none', { period: 'any time' })).toContain('Booking period: any time');
  });
});

describe('a staff reason typed in Japanese', () => {
  it('reaches a Japanese reader as written', () => {
    expect(staffReasonLine('ja', '台風のため')).toBe('理由：台風のため');
  });

  it.each(['en', 'ja-easy'] as const)(
    'reaches a %s reader framed as the city’s words in Japanese',
    (lang) => {
      const line = staffReasonLine(lang, '台風のため');
      expect(line).toBe(t(lang, 'reservations:notice.cancelled.cityWords', { reason: '台風のため' }));
      expect(line).toContain('台風のため');
      expect(line).not.toBe(t(lang, 'reservations:notice.cancelled.reason', { reason: '台風のため' }));
    },
  );

  it('uses the reason staff wrote for that language when there is one', () => {
    const reasons = { en: 'The desk is closed for a typhoon.' };
    expect(staffReasonLine('en', '台風のため', reasons)).toBe('Reason: The desk is closed for a typhoon.');
    expect(staffReasonLine('ja-easy', '台風のため', reasons)).toContain('日本語');
  });

  it.each(LANGUAGES)('%s: a report status change frames it the same way', (lang) => {
    const catalog = loadReportCatalog();
    const report = { number: 'R000001', category: 'road', status: 'in_progress' } as Report;
    const text = statusNoticeText(
      catalog,
      report,
      { userId: 'U', language: lang, role: 'reporter' },
      '工事の予定',
      null,
    );
    const key = lang === 'ja' ? 'reportNotices:reason' : 'reportNotices:cityWords';
    expect(text).toContain(t(lang, key, { reason: '工事の予定' }));
  });
});

describe('the reservations CSV', () => {
  it('writes the system’s cancel reasons in Japanese and staff reasons as written', () => {
    expect(cancelReasonText('changed')).toBe('予約の変更');
    expect(cancelReasonText('台風のため')).toBe('台風のため');
    expect(cancelReasonText(null)).toBe('');
  });
});

describe('locale texts', () => {
  it('hold line breaks, never a written-out "\\n"', () => {
    for (const [lang, tables] of Object.entries(resources)) {
      for (const [ns, table] of Object.entries(tables)) {
        for (const [key, value] of flattenKeys(table)) {
          expect(String(value), `${lang} ${ns}:${key}`).not.toContain('\\n');
        }
      }
    }
    expect(t('en', 'reservations:notice.cancelled.body', { service: 'S', reason: 'R' })).toContain(
      'cancelled.\nR\n',
    );
  });
});
