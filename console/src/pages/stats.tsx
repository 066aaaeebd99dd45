// 統計 (EBPM): the counts the staff API gives per period — friends, rich-menu taps, the desk, damage reports —
// each as a chart, a table and a CSV download. Counts only, never who.
import { useState } from 'preact/hooks';
import { get, query } from '../api.ts';
import type { ConsolePageProps } from '../contract.ts';
import { language, t } from '../i18n.ts';
import { ErrorLine, Field, PageTitle, useLoad } from '../ui.tsx';
import { Chart, type Table } from './stats-chart.tsx';

const SOURCES = [
  { path: '/admin/stats', feature: null },
  { path: '/admin/reservations/stats', feature: 'reservations' },
  { path: '/admin/reports/stats', feature: 'reports' },
] as const;

function csv(table: Table): string {
  const cell = (value: string | number | null) => `"${String(value ?? '').replaceAll('"', '""')}"`;
  const header = table.columns.map((c) => cell(c[language()]));
  return `\uFEFF${[header, ...table.rows.map((row) => row.map(cell))].map((line) => line.join(',')).join('\r\n')}\r\n`;
}

function downloadCsv(table: Table, range: { from: string; to: string }): void {
  const url = URL.createObjectURL(new Blob([csv(table)], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${table.key}-${range.from}-${range.to}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

export default function StatsPage({ session }: ConsolePageProps) {
  const [range, setRange] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState(range);
  const data = useLoad(async () => {
    const answers = await Promise.all(
      SOURCES.filter((s) => s.feature === null || session.features.includes(s.feature)).map((s) =>
        get<{ from: string; to: string; tables: Table[] }>(`${s.path}${query(applied)}`).catch(() => null),
      ),
    );
    const first = answers.find((a) => a !== null);
    return { from: first?.from ?? '', to: first?.to ?? '', tables: answers.flatMap((a) => a?.tables ?? []) };
  }, [applied]);
  return (
    <>
      <PageTitle>{t('stats.title')}</PageTitle>
      <p>{t('stats.intro')}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(range);
        }}
      >
        <Field label={t('audit.from')}>
          <input
            type="date"
            value={range.from}
            onInput={(e) => setRange({ ...range, from: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('audit.to')}>
          <input
            type="date"
            value={range.to}
            onInput={(e) => setRange({ ...range, to: e.currentTarget.value })}
          />
        </Field>
        <button type="submit">{t('stats.show')}</button>
      </form>
      <ErrorLine error={data.error} />
      {data.data ? <p>{t('stats.period', { from: data.data.from, to: data.data.to })}</p> : null}
      {(data.data?.tables ?? []).map((table) => (
        <section key={table.key} class="card" aria-labelledby={`stats-${table.key}`}>
          <h2 id={`stats-${table.key}`}>{table.title[language()]}</h2>
          <Chart table={table} />
          <button type="button" class="secondary" onClick={() => data.data && downloadCsv(table, data.data)}>
            {t('common.csv')}
          </button>
          <table data-testid={`stats-${table.key}`}>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c[language()]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((value, j) => (
                    <td key={j}>{value ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
