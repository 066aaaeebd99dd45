// One 損傷報告: its photos (a read of personal data, audited by the API), the status buttons its workflow
// allows (labelled in Japanese, with the reason a status requires), notes, department, merge into an
// original, hide, publication of photos and the comment, and its history.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { t } from '../../../../console/src/i18n.ts';
import { onLinkClick } from '../../../../console/src/router.ts';
import {
  cityTime,
  ErrorLine,
  Field,
  PageTitle,
  Status,
  useAction,
  useLoad,
} from '../../../../console/src/ui.tsx';
import { label, loadMeta, type Meta } from './meta.ts';

interface Report {
  id: string;
  number: string;
  category: string;
  department: string;
  status: string;
  lat: number;
  lon: number;
  address: string | null;
  comment: string | null;
  publicComment: string | null;
  hidden: boolean;
  published: boolean;
  duplicateOfNumber: string | null;
  photos: { key: string; source: string; public: boolean; url: string }[];
  supporterCount: number;
  createdAt: string;
  events: {
    id: string;
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    reason: string | null;
    note: string | null;
    at: string;
  }[];
}

const ns = (key: string, values?: Record<string, string | number>) => t(`reports:${key}`, values);

export default function ReportPage({ params, session }: ConsolePageProps) {
  const [meta, setMeta] = useState<Meta | undefined>(undefined);
  useEffect(() => {
    void loadMeta().then(setMeta);
  }, []);
  const report = useLoad(() => get<Report>(`/admin/reports/${params.id}`), [params.id]);
  const action = useAction();
  const [message, setMessage] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [original, setOriginal] = useState('');
  const r = report.data;
  if (!r) return <ErrorLine error={report.error} />;
  const canAct = allows(session.staff, `reports:${r.department}`, 'operator');
  const statuses = meta?.get('reports.status') ?? [];
  const current = statuses.find((s) => s.id === r.status);
  const next = ((current?.attributes?.transitions as string[] | undefined) ?? [])
    .map((id) => statuses.find((s) => s.id === id))
    .filter((s) => s !== undefined && s.attributes?.byMergeOnly !== true);
  const run = (what: () => Promise<unknown>, done: string) =>
    void action.run(what).then(async (ok) => {
      if (!ok) return;
      // The page shows the new state before it says it is done.
      await report.reload();
      setMessage(done);
    });

  return (
    <>
      <p>
        <a href="/console/reports" onClick={(e) => onLinkClick(e, 'reports')}>
          {ns('report.back')}
        </a>
      </p>
      <PageTitle>{ns('report.heading', { number: r.number })}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error} />
      <dl class="facts">
        <dt>{ns('filter.status')}</dt>
        <dd data-testid="report-status">{label(meta, 'reports.status', r.status)}</dd>
        <dt>{ns('filter.category')}</dt>
        <dd>{label(meta, 'reports.category', r.category)}</dd>
        <dt>{ns('filter.department')}</dt>
        <dd>{label(meta, 'reports.department', r.department)}</dd>
        <dt>{ns('report.address')}</dt>
        <dd>
          {r.address ?? ''} ({r.lat.toFixed(5)}, {r.lon.toFixed(5)})
        </dd>
        <dt>{ns('report.comment')}</dt>
        <dd>{r.comment ?? ''}</dd>
        <dt>{ns('report.supporters')}</dt>
        <dd>{r.supporterCount}</dd>
        {r.duplicateOfNumber ? (
          <>
            <dt>{ns('report.duplicateOf')}</dt>
            <dd>{r.duplicateOfNumber}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="photos">
        <h2 id="photos">{ns('report.photos')}</h2>
        <div class="photos">
          {r.photos.map((photo) => (
            <figure key={photo.key}>
              <img src={photo.url} alt={ns('report.photoAlt', { number: r.number })} width={240} />
              <figcaption>
                {photo.public ? ns('report.photoPublic') : ns('report.photoPrivate')}
                {canAct ? (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() =>
                      run(
                        () =>
                          post(`/admin/reports/${r.id}/photos/${photo.key}/public`, {
                            public: !photo.public,
                          }),
                        ns('report.saved'),
                      )
                    }
                  >
                    {photo.public ? ns('report.unpublishPhoto') : ns('report.publishPhoto')}
                  </button>
                ) : null}
              </figcaption>
            </figure>
          ))}
        </div>
      </section>
      {canAct ? (
        <section class="card" aria-labelledby="status-actions">
          <h2 id="status-actions">{ns('report.changeStatus')}</h2>
          <Field label={ns('report.reason')} hint={ns('report.reasonHint')}>
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          <div class="row">
            {next.map((status) => (
              <button
                key={status?.id}
                type="button"
                disabled={action.busy || (status?.attributes?.requiresReason === true && !reason.trim())}
                onClick={() =>
                  run(
                    () =>
                      post(`/admin/reports/${r.id}/status`, {
                        status: status?.id,
                        reason: reason.trim() || null,
                      }),
                    ns('report.statusChanged', { status: label(meta, 'reports.status', status?.id ?? '') }),
                  )
                }
              >
                {label(meta, 'reports.status', status?.id ?? '')}
              </button>
            ))}
          </div>
        </section>
      ) : null}
      {canAct ? (
        <section class="card" aria-labelledby="work">
          <h2 id="work">{ns('report.work')}</h2>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              run(() => post(`/admin/reports/${r.id}/notes`, { note }), ns('report.saved'));
              setNote('');
            }}
          >
            <Field label={ns('report.note')}>
              <textarea value={note} required onInput={(e) => setNote(e.currentTarget.value)} />
            </Field>
            <button type="submit">{ns('report.addNote')}</button>
          </form>
          <Field label={ns('filter.department')}>
            <select
              value={r.department}
              onChange={(e) => {
                const department = e.currentTarget.value;
                run(() => post(`/admin/reports/${r.id}/department`, { department }), ns('report.saved'));
              }}
            >
              {(meta?.get('reports.department') ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {label(meta, 'reports.department', d.id)}
                </option>
              ))}
            </select>
          </Field>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              run(async () => {
                const found = await get<{ id: string }>(
                  `/admin/reports/by-number/${encodeURIComponent(original)}`,
                );
                await post(`/admin/reports/${r.id}/merge`, {
                  originalId: found.id,
                  reason: reason.trim() || null,
                });
              }, ns('report.merged'));
            }}
          >
            <Field label={ns('report.mergeInto')}>
              <input value={original} required onInput={(e) => setOriginal(e.currentTarget.value)} />
            </Field>
            <button type="submit" class="secondary">
              {ns('report.merge')}
            </button>
          </form>
          <div class="row">
            <button
              type="button"
              class="secondary"
              onClick={() =>
                run(
                  () =>
                    post(`/admin/reports/${r.id}/hidden`, {
                      hidden: !r.hidden,
                      reason: reason.trim() || null,
                    }),
                  ns('report.saved'),
                )
              }
            >
              {r.hidden ? ns('report.unhide') : ns('report.hide')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                const text = prompt(ns('report.publicComment'), r.publicComment ?? r.comment ?? '');
                if (text !== null)
                  run(
                    () => post(`/admin/reports/${r.id}/public-comment`, { publicComment: text || null }),
                    ns('report.saved'),
                  );
              }}
            >
              {ns('report.editPublicComment')}
            </button>
          </div>
        </section>
      ) : null}
      <table>
        <caption>{ns('report.history')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{ns('report.event')}</th>
            <th scope="col">{ns('report.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {r.events.map((event) => (
            <tr key={event.id}>
              <td>{cityTime(event.at)}</td>
              <td>
                {event.toStatus
                  ? `${label(meta, 'reports.status', event.fromStatus ?? '')} → ${label(meta, 'reports.status', event.toStatus)}`
                  : event.kind}
              </td>
              <td>{event.reason ?? event.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
