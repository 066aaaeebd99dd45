// ごみ: the data in force (export each file, import CSV files — problems listed by file, row and column), one
// 年末年始 change at a time with the calendar as residents see it, 粗大ごみ days (capacity) and the day's ledger,
// unanswered searches and residents per area.
import { useState } from 'preact/hooks';
import { api, download, get, post, query } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { t } from '../../../../console/src/i18n.ts';
import {
  cityToday,
  ErrorLine,
  Field,
  PageTitle,
  Status,
  useAction,
  useLoad,
} from '../../../../console/src/ui.tsx';

const ns = (key: string, values?: Record<string, string | number>) => t(`gomi:${key}`, values);
const FILES = ['items.csv', 'categories.csv', 'areas.csv', 'area_days.csv', 'holidays.csv', 'exceptions.csv'];

interface Summary {
  version: number;
  items: number;
  categories: number;
  areas: number;
  exceptions: number;
}
interface Named {
  id: string;
  name: string;
}
interface Application {
  id: string;
  number: string;
  channel: string;
  name: string | null;
  address: string;
  items: { name: string; count: number }[];
  fee: number;
}

export default function GomiPage({ session }: ConsolePageProps) {
  const isManager = allows(session.staff, 'gomi', 'manager');
  const isOperator = allows(session.staff, 'gomi', 'operator');
  const summary = useLoad(() => get<Summary>('/admin/gomi/dataset'), []);
  const names = useLoad(() => get<{ areas: Named[]; categories: Named[] }>('/admin/gomi/names'), []);
  const [message, setMessage] = useState('');
  const action = useAction();
  const [chosen, setChosen] = useState<FileList | null>(null);
  const [exception, setException] = useState({
    date: '',
    area: '',
    category: '',
    kind: 'cancel',
    to: '',
    reason: '',
  });
  const [calendarArea, setCalendarArea] = useState('');
  const [calendarFrom, setCalendarFrom] = useState(cityToday());
  const calendar = useLoad(
    () =>
      calendarArea
        ? get<{ days: { date: string; categories: string[] }[] }>(
            `/admin/gomi/calendar${query({ area: calendarArea, from: calendarFrom, days: 14 })}`,
          )
        : Promise.resolve({ days: [] }),
    [calendarArea, calendarFrom],
  );
  const days = useLoad(
    () => get<{ items: { date: string; capacity: number; booked: number }[] }>('/admin/gomi/bulky/days'),
    [],
  );
  const [newDay, setNewDay] = useState({ date: '', capacity: 20 });
  const [listDay, setListDay] = useState('');
  const ledger = useLoad(
    () =>
      listDay
        ? get<{ items: Application[] }>(`/admin/gomi/bulky/days/${listDay}/applications`)
        : Promise.resolve({ items: [] }),
    [listDay],
  );
  const unanswered = useLoad(
    () => get<{ items: { query: string; count: number }[] }>('/admin/gomi/unanswered'),
    [],
  );
  const residents = useLoad(
    () => get<{ items: { areaId: string; residents: number; reminders: number }[] }>('/admin/gomi/residents'),
    [],
  );
  const categoryName = (id: string) => names.data?.categories.find((c) => c.id === id)?.name ?? id;
  const areaName = (id: string) => names.data?.areas.find((a) => a.id === id)?.name ?? id;

  const importFiles = (event: Event) => {
    event.preventDefault();
    const list = chosen ? Array.from(chosen) : [];
    void action
      .run(async () => {
        const files: Record<string, string> = {};
        for (const file of list) files[file.name] = await file.text();
        const done = await post<Summary>('/admin/gomi/import', { files });
        setMessage(ns('data.imported', { version: done.version }));
      })
      .then(() => Promise.all([summary.reload(), calendar.reload()]));
  };

  const addException = (event: Event) => {
    event.preventDefault();
    void action
      .run(async () => {
        const done = await post<Summary>('/admin/gomi/exceptions', {
          date: exception.date,
          areas: exception.area ? [exception.area] : [],
          categories: exception.category ? [exception.category] : [],
          kind: exception.kind,
          ...(exception.kind === 'move' ? { to: exception.to } : {}),
          reason: exception.reason,
        });
        setMessage(ns('exception.added', { version: done.version }));
      })
      .then(() => Promise.all([summary.reload(), calendar.reload()]));
  };

  const saveCapacity = (date: string, capacity: number) =>
    void action
      .run(() => api('PUT', `/admin/gomi/bulky/days/${date}`, { capacity }))
      .then(() => days.reload());

  return (
    <>
      <PageTitle>{ns('title')}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error ?? summary.error} />

      <section class="card">
        <h2>{ns('data.title')}</h2>
        {summary.data ? <p>{ns('data.summary', { ...summary.data })}</p> : null}
        <div class="row">
          {FILES.map((file) => (
            <button
              key={file}
              type="button"
              class="secondary"
              onClick={() => void action.run(() => download(`/admin/gomi/dataset/${file}`, file))}
            >
              {ns('data.export')} {file}
            </button>
          ))}
        </div>
        {isManager ? (
          <form onSubmit={importFiles}>
            <Field label={ns('data.import')}>
              <input
                type="file"
                accept=".csv,text/csv"
                multiple
                onChange={(e) => setChosen(e.currentTarget.files)}
              />
            </Field>
            <button type="submit" disabled={action.busy || !chosen || chosen.length === 0}>
              {ns('data.importButton')}
            </button>
          </form>
        ) : null}
      </section>

      {isManager ? (
        <form class="card" onSubmit={addException}>
          <h2>{ns('exception.title')}</h2>
          <div class="row">
            <Field label={ns('exception.date')}>
              <input
                type="date"
                required
                value={exception.date}
                onInput={(e) => setException({ ...exception, date: e.currentTarget.value })}
              />
            </Field>
            <Field label={ns('exception.area')}>
              <select
                value={exception.area}
                onChange={(e) => setException({ ...exception, area: e.currentTarget.value })}
              >
                <option value="">{ns('exception.all')}</option>
                {(names.data?.areas ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={ns('exception.category')}>
              <select
                value={exception.category}
                onChange={(e) => setException({ ...exception, category: e.currentTarget.value })}
              >
                <option value="">{ns('exception.all')}</option>
                {(names.data?.categories ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={ns('exception.kind')}>
              <select
                value={exception.kind}
                onChange={(e) => setException({ ...exception, kind: e.currentTarget.value })}
              >
                {['cancel', 'extra', 'move'].map((kind) => (
                  <option key={kind} value={kind}>
                    {ns(`exception.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            {exception.kind === 'move' ? (
              <Field label={ns('exception.to')}>
                <input
                  type="date"
                  required
                  value={exception.to}
                  onInput={(e) => setException({ ...exception, to: e.currentTarget.value })}
                />
              </Field>
            ) : null}
          </div>
          <Field label={ns('exception.reason')}>
            <input
              maxLength={100}
              value={exception.reason}
              onInput={(e) => setException({ ...exception, reason: e.currentTarget.value })}
            />
          </Field>
          <button type="submit" disabled={action.busy}>
            {ns('exception.add')}
          </button>
        </form>
      ) : null}

      <section class="card">
        <h2>{ns('calendar.title')}</h2>
        <div class="row">
          <Field label={ns('exception.area')}>
            <select value={calendarArea} onChange={(e) => setCalendarArea(e.currentTarget.value)}>
              <option value="">—</option>
              {(names.data?.areas ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={ns('calendar.from')}>
            <input type="date" value={calendarFrom} onInput={(e) => setCalendarFrom(e.currentTarget.value)} />
          </Field>
        </div>
        <ul data-testid="gomi-calendar">
          {(calendar.data?.days ?? []).map((day) => (
            <li key={day.date}>
              {day.date}:{' '}
              {day.categories.length > 0 ? day.categories.map(categoryName).join('・') : ns('calendar.none')}
            </li>
          ))}
        </ul>
      </section>

      <section class="card">
        <h2>{ns('bulky.title')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{ns('bulky.date')}</th>
              <th scope="col">{ns('bulky.capacity')}</th>
              <th scope="col">{ns('bulky.booked')}</th>
              <th scope="col">{ns('bulky.list')}</th>
            </tr>
          </thead>
          <tbody>
            {(days.data?.items ?? []).map((day) => (
              <tr key={day.date}>
                <td>{day.date}</td>
                <td>
                  {isOperator ? (
                    <input
                      type="number"
                      min={0}
                      max={10000}
                      value={day.capacity}
                      aria-label={`${ns('bulky.capacity')} ${day.date}`}
                      onChange={(e) => saveCapacity(day.date, Number(e.currentTarget.value))}
                    />
                  ) : (
                    day.capacity
                  )}
                </td>
                <td>{day.booked}</td>
                <td>
                  <button type="button" class="secondary" onClick={() => setListDay(day.date)}>
                    {ns('bulky.list')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {isOperator ? (
          <div class="row">
            <Field label={ns('bulky.date')}>
              <input
                type="date"
                value={newDay.date}
                onInput={(e) => setNewDay({ ...newDay, date: e.currentTarget.value })}
              />
            </Field>
            <Field label={ns('bulky.capacity')}>
              <input
                type="number"
                min={0}
                max={10000}
                value={newDay.capacity}
                onInput={(e) => setNewDay({ ...newDay, capacity: Number(e.currentTarget.value) })}
              />
            </Field>
            <button
              type="button"
              disabled={!newDay.date || action.busy}
              onClick={() => saveCapacity(newDay.date, newDay.capacity)}
            >
              {ns('bulky.open')}
            </button>
          </div>
        ) : null}
        {listDay ? (
          <table>
            <caption>{ns('bulky.applications', { date: listDay })}</caption>
            <thead>
              <tr>
                <th scope="col">{ns('bulky.number')}</th>
                <th scope="col">{ns('bulky.channel')}</th>
                <th scope="col">{ns('bulky.name')}</th>
                <th scope="col">{ns('bulky.address')}</th>
                <th scope="col">{ns('bulky.items')}</th>
                <th scope="col">{ns('bulky.fee')}</th>
              </tr>
            </thead>
            <tbody>
              {(ledger.data?.items ?? []).map((a) => (
                <tr key={a.id}>
                  <td>{a.number}</td>
                  <td>{a.channel}</td>
                  <td>{a.name ?? '—'}</td>
                  <td>{a.address}</td>
                  <td>{a.items.map((i) => `${i.name}×${i.count}`).join('、')}</td>
                  <td>{a.fee}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section class="card">
        <h2>{ns('unanswered.title')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{ns('unanswered.query')}</th>
              <th scope="col">{ns('unanswered.count')}</th>
            </tr>
          </thead>
          <tbody>
            {(unanswered.data?.items ?? []).map((u) => (
              <tr key={u.query}>
                <td>{u.query}</td>
                <td>{u.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="card">
        <h2>{ns('residents.title')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{ns('residents.area')}</th>
              <th scope="col">{ns('residents.count')}</th>
              <th scope="col">{ns('residents.reminders')}</th>
            </tr>
          </thead>
          <tbody>
            {(residents.data?.items ?? []).map((r) => (
              <tr key={r.areaId}>
                <td>{areaName(r.areaId)}</td>
                <td>{r.residents}</td>
                <td>{r.reminders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
