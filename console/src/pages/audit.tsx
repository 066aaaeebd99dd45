// 監査ログ: who did what and when, with the API's filters (administrators only).
import { useState } from 'preact/hooks';
import { get, query } from '../api.ts';
import type { ConsolePageProps } from '../contract.ts';
import { t } from '../i18n.ts';
import { cityTime, ErrorLine, Field, PageTitle, useLoad } from '../ui.tsx';

interface Entry {
  id: string;
  at: string;
  staffName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  personalData: boolean;
  ip: string | null;
}

const EMPTY = { action: '', resourceType: '', resourceId: '', staffId: '', from: '', to: '' };

export default function AuditPage(_props: ConsolePageProps) {
  const [filter, setFilter] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const page = useLoad(
    () =>
      get<{ items: Entry[]; nextCursor: string | null }>(
        `/admin/audit${query({ ...applied, limit: 50, cursor })}`,
      ),
    [applied, cursor],
  );
  const field = (key: keyof typeof EMPTY, type: 'text' | 'date' = 'text') => (
    <Field label={t(`audit.${key}`)}>
      {type === 'date' ? (
        <input
          type="date"
          value={filter[key]}
          onInput={(e) => setFilter({ ...filter, [key]: e.currentTarget.value })}
        />
      ) : (
        <input
          type="text"
          value={filter[key]}
          onInput={(e) => setFilter({ ...filter, [key]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <>
      <PageTitle>{t('audit.title')}</PageTitle>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor(undefined);
          setApplied(filter);
        }}
      >
        {field('action')}
        {field('resourceType')}
        {field('resourceId')}
        {field('staffId')}
        {field('from', 'date')}
        {field('to', 'date')}
        <button type="submit">{t('common.search')}</button>
      </form>
      <ErrorLine error={page.error} />
      <table>
        <caption>{t('audit.entries')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.staff')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.resource')}</th>
            <th scope="col">{t('audit.personal')}</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {(page.data?.items ?? []).map((entry) => (
            <tr key={entry.id}>
              <td>{cityTime(entry.at)}</td>
              <td>{entry.staffName ?? '—'}</td>
              <td>{entry.action}</td>
              <td>
                {entry.resourceType} {entry.resourceId ?? ''}
              </td>
              <td>{entry.personalData ? t('common.yes') : ''}</td>
              <td>{entry.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data?.nextCursor ? (
        <button type="button" class="secondary" onClick={() => setCursor(page.data?.nextCursor ?? undefined)}>
          {t('common.more')}
        </button>
      ) : null}
    </>
  );
}
