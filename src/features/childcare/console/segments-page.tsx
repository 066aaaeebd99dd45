// 子育て 配信: compose a message to parents of children in an age range (and district), see how many it
// reaches before sending (counted live as the range changes), schedule it, and follow each send's results.
import { useEffect, useState } from 'preact/hooks';
import { get, post, query } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { t } from '../../../../console/src/i18n.ts';
import {
  cityTime,
  ErrorLine,
  Field,
  PageTitle,
  Status,
  useAction,
  useLoad,
} from '../../../../console/src/ui.tsx';

interface Count {
  recipients: number;
  blocked: number;
  children: number;
}
interface Send {
  id: string;
  title: string;
  ageFromMonths: number;
  ageToMonths: number;
  district: string | null;
  scheduledAt: string;
  status: string;
  results: { recipients: number; sent: number; failed: number; pending: number; blocked: number };
}

const ns = (key: string, values?: Record<string, string | number>) => t(`childcare:${key}`, values);
const EMPTY = {
  title: '',
  ja: '',
  en: '',
  easy: '',
  from: 0,
  to: 12,
  district: '',
  scheduledAt: '',
  urgent: false,
};

export default function SegmentsPage({ session }: ConsolePageProps) {
  const canSend = allows(session.staff, 'childcare', 'operator');
  const districts = useLoad(
    () => get<{ districts: { id: string; name: string }[] }>('/admin/childcare/districts'),
    [],
  );
  const sends = useLoad(() => get<{ items: Send[] }>(`/admin/childcare/segments${query({ limit: 50 })}`), []);
  const [form, setForm] = useState(EMPTY);
  const [count, setCount] = useState<Count | null>(null);
  const [message, setMessage] = useState('');
  const action = useAction();

  // The live count: asked again shortly after the range or district stops changing.
  useEffect(() => {
    if (form.from > form.to) return undefined;
    const timer = setTimeout(() => {
      void post<Count>('/admin/childcare/segments/preview', {
        ageFromMonths: form.from,
        ageToMonths: form.to,
        ...(form.district ? { district: form.district } : {}),
      })
        .then(setCount)
        .catch(() => setCount(null));
    }, 250);
    return () => clearTimeout(timer);
  }, [form.from, form.to, form.district]);

  const submit = (event: Event) => {
    event.preventDefault();
    void action
      .run(async () => {
        await post('/admin/childcare/segments', {
          title: form.title,
          texts: {
            ja: form.ja,
            ...(form.en ? { en: form.en } : {}),
            ...(form.easy ? { 'ja-easy': form.easy } : {}),
          },
          ageFromMonths: form.from,
          ageToMonths: form.to,
          ...(form.district ? { district: form.district } : {}),
          ...(form.scheduledAt ? { scheduledAt: new Date(form.scheduledAt).toISOString() } : {}),
          urgent: form.urgent,
        });
        setMessage(ns('segments.scheduled', { title: form.title }));
        setForm(EMPTY);
      })
      .then(sends.reload);
  };

  return (
    <>
      <PageTitle>{ns('segments.title')}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error ?? sends.error} />
      <form class="card" onSubmit={submit}>
        <h2>{ns('segments.compose')}</h2>
        <div class="row">
          <Field label={ns('segments.from')}>
            <input
              type="number"
              min={0}
              max={240}
              value={form.from}
              onInput={(e) => setForm({ ...form, from: Number(e.currentTarget.value) })}
            />
          </Field>
          <Field label={ns('segments.to')}>
            <input
              type="number"
              min={0}
              max={240}
              value={form.to}
              onInput={(e) => setForm({ ...form, to: Number(e.currentTarget.value) })}
            />
          </Field>
          <Field label={ns('segments.district')}>
            <select
              value={form.district}
              onChange={(e) => setForm({ ...form, district: e.currentTarget.value })}
            >
              <option value="">{ns('segments.allDistricts')}</option>
              {(districts.data?.districts ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <p class="big-number" role="status" aria-live="polite" data-testid="segment-count">
          {count
            ? ns('segments.count', { n: count.recipients, blocked: count.blocked, children: count.children })
            : '…'}
        </p>
        <Field label={ns('segments.titleField')} hint={ns('segments.titleHint')}>
          <input
            required
            maxLength={100}
            value={form.title}
            onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('segments.ja')}>
          <textarea
            required
            value={form.ja}
            onInput={(e) => setForm({ ...form, ja: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('segments.easy')}>
          <textarea value={form.easy} onInput={(e) => setForm({ ...form, easy: e.currentTarget.value })} />
        </Field>
        <Field label={ns('segments.en')}>
          <textarea value={form.en} onInput={(e) => setForm({ ...form, en: e.currentTarget.value })} />
        </Field>
        <Field label={ns('segments.when')} hint={ns('segments.whenHint')}>
          <input
            type="datetime-local"
            value={form.scheduledAt}
            onInput={(e) => setForm({ ...form, scheduledAt: e.currentTarget.value })}
          />
        </Field>
        <label class="check">
          <input
            type="checkbox"
            checked={form.urgent}
            onChange={(e) => setForm({ ...form, urgent: e.currentTarget.checked })}
          />
          {ns('segments.urgent')}
        </label>
        {canSend ? (
          <button type="submit" disabled={action.busy || form.from > form.to}>
            {ns('segments.send')}
          </button>
        ) : null}
      </form>
      <table>
        <caption>{ns('segments.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{ns('segments.titleField')}</th>
            <th scope="col">{ns('segments.range')}</th>
            <th scope="col">{ns('segments.when')}</th>
            <th scope="col">{ns('segments.status')}</th>
            <th scope="col">{ns('segments.results')}</th>
          </tr>
        </thead>
        <tbody>
          {(sends.data?.items ?? []).map((send) => (
            <tr key={send.id}>
              <td>{send.title}</td>
              <td>{ns('segments.rangeValue', { from: send.ageFromMonths, to: send.ageToMonths })}</td>
              <td>{cityTime(send.scheduledAt)}</td>
              <td>{ns(`status.${send.status}`)}</td>
              <td>
                {ns('segments.resultsValue', {
                  sent: send.results.sent,
                  failed: send.results.failed,
                  pending: send.results.pending,
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="secondary" onClick={() => void sends.reload()}>
        {ns('segments.refresh')}
      </button>
    </>
  );
}
