// 申告予約 窓口: the day's queue of one service, live (Server-Sent Events); check in by booking number, call
// next, complete, no-show, cancel with a reason, walk-ins into the next free slot, display links, CSV.
import { useEffect, useState } from 'preact/hooks';
import { api, download, get, post, query } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { language, t } from '../../../../console/src/i18n.ts';
import {
  cityTime,
  cityToday,
  ErrorLine,
  Field,
  PageTitle,
  Status,
  useAction,
  useLoad,
} from '../../../../console/src/ui.tsx';

interface Service {
  id: string;
  name: Record<string, string>;
}
interface Reservation {
  id: string;
  number: string;
  startsAt: string;
  status: string;
  channel: string;
  name: string | null;
  queueNumber: number | null;
}
interface DayState {
  date: string;
  waiting: number;
  items: Reservation[];
}

const ns = (key: string, values?: Record<string, string | number>) => t(`reservations:${key}`, values);
const ACTIVE = new Set(['booked', 'checked_in', 'called']);

export default function DeskPage({ session }: ConsolePageProps) {
  const services = useLoad(() => get<{ items: Service[] }>('/admin/reservations/services?limit=500'), []);
  const [serviceId, setServiceId] = useState('');
  const [date, setDate] = useState(cityToday());
  const service = serviceId || services.data?.items[0]?.id || '';
  const canAct = service !== '' && allows(session.staff, `reservations:${service}`, 'operator');
  const [day, setDay] = useState<DayState | null>(null);
  const [live, setLive] = useState(false);
  const [message, setMessage] = useState('');
  const [results, setResults] = useState<Reservation[] | null>(null);
  const action = useAction();

  useEffect(() => {
    if (!service) return undefined;
    setDay(null);
    const source = new EventSource(`/admin/reservations/services/${service}/days/${date}/stream`);
    source.addEventListener('state', (event) => {
      setDay(JSON.parse((event as MessageEvent<string>).data) as DayState);
      setLive(true);
    });
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [service, date]);

  const act = (label: string, path: string, body?: unknown) =>
    void action.run(async () => {
      const done = await post<Reservation>(path, body);
      setMessage(
        label === 'call'
          ? ns('desk.called', { queue: done.queueNumber ?? '' })
          : ns('desk.done', { number: done.number, status: ns(`status.${done.status}`) }),
      );
      if (results) setResults(results.map((r) => (r.id === done.id ? done : r)));
    });

  const serviceName = (s: Service) => s.name[language()] ?? s.name.ja ?? s.id;
  if (services.data && services.data.items.length === 0) return <p>{ns('desk.noService')}</p>;

  return (
    <>
      <PageTitle>{ns('desk.title')}</PageTitle>
      <div class="row">
        <Field label={ns('desk.service')}>
          <select value={service} onChange={(e) => setServiceId(e.currentTarget.value)}>
            {(services.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {serviceName(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={ns('desk.date')}>
          <input type="date" value={date} onChange={(e) => setDate(e.currentTarget.value || cityToday())} />
        </Field>
        <span class="badge" aria-live="polite">
          {live ? ns('desk.live') : ns('desk.offline')}
        </span>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            void download(
              `/admin/reservations/services/${service}/export.csv${query({ from: date, to: date })}`,
              `${service}-${date}.csv`,
            )
          }
        >
          {ns('desk.csv')}
        </button>
      </div>
      <ErrorLine error={services.error ?? action.error} />
      {message ? <Status text={message} /> : null}
      {canAct ? (
        <DeskActions
          service={service}
          date={date}
          waiting={day?.waiting ?? 0}
          act={act}
          busy={action.busy}
          onWalkIn={setMessage}
        />
      ) : null}
      <Search service={service} onResults={setResults} />
      {results ? (
        <>
          <QueueTable caption={ns('desk.searchResults')} items={results} canAct={canAct} act={act} />
          <button type="button" class="secondary" onClick={() => setResults(null)}>
            {ns('desk.clearSearch')}
          </button>
        </>
      ) : null}
      <QueueTable caption={ns('desk.queue')} items={day?.items ?? []} canAct={canAct} act={act} />
      {canAct ? <DisplayLinks service={service} /> : null}
    </>
  );
}

type Act = (label: string, path: string, body?: unknown) => void;

function DeskActions(props: {
  service: string;
  date: string;
  waiting: number;
  act: Act;
  busy: boolean;
  onWalkIn: (text: string) => void;
}) {
  const [number, setNumber] = useState('');
  const [walkIn, setWalkIn] = useState({ name: '', phone: '', checkIn: true });
  const walkInAction = useAction();
  return (
    <section class="card" aria-labelledby="desk-actions">
      <h2 id="desk-actions" class="big-number">
        {ns('desk.waiting', { n: props.waiting })}
      </h2>
      <div class="row">
        <button
          type="button"
          disabled={props.busy || props.waiting === 0}
          onClick={() =>
            props.act('call', `/admin/reservations/services/${props.service}/days/${props.date}/call-next`)
          }
        >
          {ns('desk.callNext')}
        </button>
      </div>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          props.act(
            'check-in',
            `/admin/reservations/reservations/by-number/${encodeURIComponent(number)}/check-in`,
          );
          setNumber('');
        }}
      >
        <Field label={ns('desk.number')}>
          <input
            name="number"
            required
            autocomplete="off"
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        </Field>
        <button type="submit">{ns('desk.checkInByNumber')}</button>
      </form>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void walkInAction.run(async () => {
            const done = await post<Reservation>(`/admin/reservations/services/${props.service}/walk-ins`, {
              name: walkIn.name,
              ...(walkIn.phone ? { phone: walkIn.phone } : {}),
              checkIn: walkIn.checkIn,
            });
            props.onWalkIn(ns('desk.walkInDone', { name: done.name ?? '', number: done.number }));
            setWalkIn({ name: '', phone: '', checkIn: true });
          });
        }}
      >
        <fieldset class="row">
          <legend>{ns('desk.walkIn')}</legend>
          <Field label={ns('desk.walkInName')}>
            <input
              name="walkInName"
              required
              value={walkIn.name}
              onInput={(e) => setWalkIn({ ...walkIn, name: e.currentTarget.value })}
            />
          </Field>
          <Field label={ns('desk.walkInPhone')}>
            <input
              name="walkInPhone"
              type="tel"
              value={walkIn.phone}
              onInput={(e) => setWalkIn({ ...walkIn, phone: e.currentTarget.value })}
            />
          </Field>
          <label class="check">
            <input
              type="checkbox"
              checked={walkIn.checkIn}
              onChange={(e) => setWalkIn({ ...walkIn, checkIn: e.currentTarget.checked })}
            />
            {ns('desk.walkInCheckIn')}
          </label>
          <button type="submit" disabled={walkInAction.busy}>
            {ns('desk.walkInSubmit')}
          </button>
        </fieldset>
        <ErrorLine error={walkInAction.error} />
      </form>
    </section>
  );
}

function Search({ service, onResults }: { service: string; onResults: (items: Reservation[]) => void }) {
  const [q, setQ] = useState('');
  const search = useAction();
  return (
    <search>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void search.run(async () => {
            const page = await get<{ items: Reservation[] }>(
              `/admin/reservations/services/${service}/reservations${query({ q, limit: 50 })}`,
            );
            onResults(page.items);
          });
        }}
      >
        <Field label={ns('desk.search')}>
          <input type="search" name="q" required value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="secondary">
          {t('common.search')}
        </button>
        <ErrorLine error={search.error} />
      </form>
    </search>
  );
}

function QueueTable({
  caption,
  items,
  canAct,
  act,
}: {
  caption: string;
  items: Reservation[];
  canAct: boolean;
  act: Act;
}) {
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const base = (r: Reservation) => `/admin/reservations/reservations/${r.id}`;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{ns('desk.time')}</th>
          <th scope="col">{ns('desk.queueNumber')}</th>
          <th scope="col">{ns('desk.number')}</th>
          <th scope="col">{ns('desk.name')}</th>
          <th scope="col">{ns('desk.channel')}</th>
          <th scope="col">{ns('desk.statusCol')}</th>
          {canAct ? <th scope="col">{t('common.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.length === 0 ? (
          <tr>
            <td colSpan={canAct ? 7 : 6}>{ns('desk.empty')}</td>
          </tr>
        ) : null}
        {items.map((r) => (
          <tr key={r.id} data-number={r.number}>
            <td>{cityTime(r.startsAt, false)}</td>
            <td class="big-number">{r.queueNumber ?? ''}</td>
            <td>{r.number}</td>
            <td>{r.name ?? ''}</td>
            <td>{ns(`channel.${r.channel}`)}</td>
            <td>{ns(`status.${r.status}`)}</td>
            {canAct ? (
              <td class="actions">
                {r.status === 'booked' ? (
                  <button type="button" onClick={() => act('check-in', `${base(r)}/check-in`)}>
                    {ns('desk.checkIn')}
                  </button>
                ) : null}
                {r.status === 'checked_in' ? (
                  <button type="button" onClick={() => act('call', `${base(r)}/call`)}>
                    {ns('desk.call')}
                  </button>
                ) : null}
                {r.status === 'called' || r.status === 'checked_in' ? (
                  <button type="button" onClick={() => act('complete', `${base(r)}/complete`)}>
                    {ns('desk.complete')}
                  </button>
                ) : null}
                {ACTIVE.has(r.status) ? (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => act('no-show', `${base(r)}/no-show`)}
                  >
                    {ns('desk.noShow')}
                  </button>
                ) : null}
                {ACTIVE.has(r.status) && cancelling !== r.id ? (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      setCancelling(r.id);
                      setReason('');
                    }}
                  >
                    {ns('desk.cancel')}
                  </button>
                ) : null}
                {cancelling === r.id ? (
                  <form
                    class="row"
                    onSubmit={(e) => {
                      e.preventDefault();
                      act('cancel', `${base(r)}/cancel`, { reason });
                      setCancelling(null);
                    }}
                  >
                    <Field label={ns('desk.cancelReason')}>
                      <input required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
                    </Field>
                    <button type="submit" class="danger">
                      {ns('desk.cancelConfirm')}
                    </button>
                  </form>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DisplayLinks({ service }: { service: string }) {
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction();
  return (
    <section class="card" aria-labelledby="display-links">
      <h2 id="display-links">{ns('desk.display')}</h2>
      <button
        type="button"
        class="secondary"
        onClick={() =>
          void create.run(async () => {
            const link = await api<{ path: string }>(
              'POST',
              `/admin/reservations/services/${service}/display-links`,
              { label: 'console' },
            );
            setCreated(`${location.origin}${link.path}`);
          })
        }
      >
        {ns('desk.displayCreate')}
      </button>
      {created ? (
        <p>
          {ns('desk.displayCreated')}{' '}
          <a href={created} target="_blank" rel="noreferrer" data-testid="display-link">
            {created}
          </a>
        </p>
      ) : null}
      <ErrorLine error={create.error} />
    </section>
  );
}
