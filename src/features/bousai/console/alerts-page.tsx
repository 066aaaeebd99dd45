// 避難情報: choose a template and districts (none: the whole city), see how many followers it reaches and the
// text they get, then send after a confirmation. One retry key per composed send: pressing again after a failure
// (a timeout, a lost answer) sends the same request, which the API creates once only.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import {
  cityTime,
  ErrorLine,
  Field,
  PageTitle,
  Status,
  useAction,
  useLoad,
} from '../../../../console/src/ui.tsx';
import { ns } from './ns.ts';
import { newRequestKey } from './request-key.ts';

interface Templates {
  templates: { id: string; name: string; example: Record<string, string> }[];
  districts: { id: string; name: string }[];
}
interface Count {
  recipients: number;
  blocked: number;
}
interface Alert {
  id: string;
  template: string;
  districts: string[] | null;
  status: string;
  createdAt: string;
  results: { recipients: number; pending: number; sent: number; failed: number; blocked: number };
}

export default function AlertsPage({ session }: ConsolePageProps) {
  const isOperator = allows(session.staff, 'bousai', 'operator');
  const templates = useLoad(() => get<Templates>('/admin/bousai/alerts/templates'), []);
  const history = useLoad(() => get<{ items: Alert[] }>('/admin/bousai/alerts?limit=20'), []);
  const [template, setTemplate] = useState('');
  const [districts, setDistricts] = useState<string[]>([]);
  const [count, setCount] = useState<Count | null>(null);
  const [countError, setCountError] = useState<unknown>(null);
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const [failed, setFailed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const action = useAction();

  // A changed choice is a new request: it gets its own key (a retry keeps the key of what it retries).
  const choose = (update: () => void) => {
    update();
    setRequestKey(newRequestKey());
    setFailed(false);
    setConfirming(false);
  };

  useEffect(() => {
    let stale = false;
    setCount(null);
    post<Count>('/admin/bousai/alerts/preview', districts.length > 0 ? { districts } : {}).then(
      (answer) => {
        if (!stale) {
          setCount(answer);
          setCountError(null);
        }
      },
      (error: unknown) => {
        if (!stale) setCountError(error);
      },
    );
    return () => {
      stale = true;
    };
  }, [districts.join(',')]);

  const send = () =>
    void action
      .run(async () => {
        const sent = await post<Alert & { created: boolean }>('/admin/bousai/alerts', {
          template,
          ...(districts.length > 0 ? { districts } : {}),
          requestKey,
        });
        setMessage(ns(sent.created ? 'alerts.sent' : 'alerts.already', { id: sent.id }));
        setRequestKey(newRequestKey());
      })
      .then((ok) => {
        setFailed(!ok);
        setConfirming(false);
        return history.reload();
      });

  const example = templates.data?.templates.find((t) => t.id === template)?.example.ja;
  const districtName = (id: string) => templates.data?.districts.find((d) => d.id === id)?.name ?? id;

  return (
    <>
      <PageTitle>{ns('alerts.title')}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error ?? templates.error ?? countError} />
      {failed ? <p class="error">{ns('alerts.retry')}</p> : null}
      <section class="card">
        <Field label={ns('alerts.template')}>
          <select value={template} onChange={(e) => choose(() => setTemplate(e.currentTarget.value))}>
            <option value="">—</option>
            {(templates.data?.templates ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {ns(`alertTemplate.${t.id}`)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="row">
          <legend>{ns('alerts.districts')}</legend>
          {(templates.data?.districts ?? []).map((d) => (
            <label key={d.id} class="check">
              <input
                type="checkbox"
                checked={districts.includes(d.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  choose(() =>
                    setDistricts((before) => (on ? [...before, d.id] : before.filter((x) => x !== d.id))),
                  );
                }}
              />
              {d.name}
            </label>
          ))}
        </fieldset>
        <p data-testid="alerts-count" aria-live="polite">
          {count
            ? ns('alerts.count', { recipients: count.recipients, blocked: count.blocked })
            : ns('alerts.counting')}
        </p>
        {example ? (
          <>
            <h2>{ns('alerts.example')}</h2>
            <blockquote data-testid="alerts-example">
              {example.split('\n').map((line, i) => (
                <p key={i}>{line}</p>
              ))}
            </blockquote>
          </>
        ) : null}
        {isOperator ? (
          confirming && count ? (
            <div role="alertdialog" aria-labelledby="alerts-confirm">
              <p id="alerts-confirm">
                <strong>{ns('alerts.confirm', { count: count.recipients })}</strong>
              </p>
              <div class="row">
                <button type="button" class="danger" disabled={action.busy} onClick={send}>
                  {ns('alerts.confirmSend')}
                </button>
                <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                  {ns('alerts.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              class="danger"
              disabled={!template || !count || action.busy}
              onClick={() => setConfirming(true)}
            >
              {ns('alerts.send')}
            </button>
          )
        ) : null}
      </section>
      <section class="card">
        <h2>{ns('alerts.history')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{ns('alerts.at')}</th>
              <th scope="col">{ns('alerts.template')}</th>
              <th scope="col">{ns('alerts.area')}</th>
              <th scope="col">{ns('alerts.statusCol')}</th>
              <th scope="col">{ns('alerts.results')}</th>
            </tr>
          </thead>
          <tbody>
            {(history.data?.items ?? []).map((a) => (
              <tr key={a.id}>
                <td>{cityTime(a.createdAt)}</td>
                <td>{ns(`alertTemplate.${a.template}`)}</td>
                <td>{a.districts ? a.districts.map(districtName).join('・') : ns('alerts.wholeCity')}</td>
                <td>{ns(`alertStatus.${a.status}`)}</td>
                <td>{ns('alerts.resultText', { ...a.results })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
