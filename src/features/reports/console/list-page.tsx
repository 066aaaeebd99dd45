// 損傷報告 一覧: the reports with the API's filters, as a table and on the map (markers by status), and the
// CSV and GeoJSON downloads of what the filter shows.
import { useEffect, useState } from 'preact/hooks';
import { download, get, query } from '../../../../console/src/api.ts';
import type { ConsolePageProps } from '../../../../console/src/contract.ts';
import { t } from '../../../../console/src/i18n.ts';
import { navigate, onLinkClick } from '../../../../console/src/router.ts';
import { cityTime, ErrorLine, Field, PageTitle, useLoad } from '../../../../console/src/ui.tsx';
import { label, loadMeta, type Meta, statusColour } from './meta.ts';
import { ReportMap } from './report-map.tsx';

interface Report {
  id: string;
  number: string;
  category: string;
  department: string;
  status: string;
  lat: number;
  lon: number;
  address: string | null;
  createdAt: string;
  published: boolean;
}

const ns = (key: string, values?: Record<string, string | number>) => t(`reports:${key}`, values);
const EMPTY = { status: '', category: '', department: '', text: '', from: '', to: '', published: '' };

export default function ReportListPage({ session }: ConsolePageProps) {
  const [meta, setMeta] = useState<Meta | undefined>(undefined);
  useEffect(() => {
    void loadMeta().then(setMeta);
  }, []);
  const [filter, setFilter] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const list = useLoad(
    () => get<{ items: Report[]; total: number }>(`/admin/reports${query({ ...applied, limit: 500 })}`),
    [applied],
  );
  const select = (key: 'status' | 'category' | 'department', name: string) => (
    <Field label={ns(`filter.${key}`)}>
      <select value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.currentTarget.value })}>
        <option value="">{ns('filter.all')}</option>
        {(meta?.get(name) ?? []).map((v) => (
          <option key={v.id} value={v.id}>
            {label(meta, name, v.id)}
          </option>
        ))}
      </select>
    </Field>
  );
  const items = list.data?.items ?? [];
  const filterQuery = query({ ...applied });
  return (
    <>
      <PageTitle>{ns('list.title')}</PageTitle>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filter);
        }}
      >
        {select('status', 'reports.status')}
        {select('category', 'reports.category')}
        {select('department', 'reports.department')}
        <Field label={ns('filter.text')}>
          <input
            type="search"
            value={filter.text}
            onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('filter.from')}>
          <input
            type="date"
            value={filter.from}
            onInput={(e) => setFilter({ ...filter, from: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('filter.to')}>
          <input
            type="date"
            value={filter.to}
            onInput={(e) => setFilter({ ...filter, to: e.currentTarget.value })}
          />
        </Field>
        <button type="submit">{t('common.search')}</button>
      </form>
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() => void download(`/admin/reports/export.csv${filterQuery}`, 'reports.csv')}
        >
          {t('common.csv')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => void download(`/admin/reports/export.geojson${filterQuery}`, 'reports.geojson')}
        >
          {ns('list.geojson')}
        </button>
      </div>
      <ErrorLine error={list.error} />
      <p role="status">{ns('list.total', { n: list.data?.total ?? 0 })}</p>
      <ReportMap
        reports={items.map((r) => ({
          id: r.id,
          number: r.number,
          lat: r.lat,
          lon: r.lon,
          status: r.status,
          statusLabel: label(meta, 'reports.status', r.status),
          colour: statusColour(meta, r.status),
        }))}
        tiles={session.settings.mapTiles}
        attribution={session.settings.mapAttribution}
        onOpen={(id) => navigate(`reports/${id}`)}
      />
      <ul class="legend" aria-label={ns('map.legend')}>
        {(meta?.get('reports.status') ?? []).map((v) => (
          <li key={v.id}>
            <span
              class="swatch"
              ref={(el) => el?.style.setProperty('background', statusColour(meta, v.id))}
            />
            {label(meta, 'reports.status', v.id)}
          </li>
        ))}
      </ul>
      <table>
        <caption>{ns('list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{ns('report.number')}</th>
            <th scope="col">{ns('filter.status')}</th>
            <th scope="col">{ns('filter.category')}</th>
            <th scope="col">{ns('filter.department')}</th>
            <th scope="col">{ns('report.address')}</th>
            <th scope="col">{ns('report.createdAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/console/reports/${r.id}`} onClick={(e) => onLinkClick(e, `reports/${r.id}`)}>
                  {r.number}
                </a>
              </td>
              <td>{label(meta, 'reports.status', r.status)}</td>
              <td>{label(meta, 'reports.category', r.category)}</td>
              <td>{label(meta, 'reports.department', r.department)}</td>
              <td>{r.address ?? ''}</td>
              <td>{cityTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
