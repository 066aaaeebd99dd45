// 申告予約 窓口の設定 (managers): a service's name and closed days, and its slots made in bulk — the weekdays
// and time ranges from one day to another with a capacity — then the CSV of a period.
import { useState } from 'preact/hooks';
import { api, download, get, post, query } from '../../../../console/src/api.ts';
import type { ConsolePageProps } from '../../../../console/src/contract.ts';
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

interface Service {
  id: string;
  name: Record<string, string>;
  closedDates: string[];
  active: boolean;
}

const ns = (key: string, values?: Record<string, string | number>) => t(`reservations:${key}`, values);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

export default function ServicesPage(_props: ConsolePageProps) {
  const services = useLoad(() => get<{ items: Service[] }>('/admin/reservations/services?limit=500'), []);
  const action = useAction();
  const [message, setMessage] = useState('');
  const [service, setService] = useState({ id: '', ja: '', en: '', closed: '' });
  const today = cityToday();
  const [slots, setSlots] = useState({
    service: '',
    from: today,
    to: today,
    weekdays: [1, 2, 3, 4, 5],
    times: '09:00-09:30, 09:30-10:00, 10:00-10:30',
    capacity: 4,
    skip: '',
  });
  const list = (text: string) => text.split(/[,\s]+/).filter(Boolean);
  const chosen = slots.service || services.data?.items[0]?.id || '';

  return (
    <>
      <PageTitle>{ns('services.title')}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={services.error ?? action.error} />
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(async () => {
              // A replace: an existing service keeps its other rules and texts.
              const existing = await get<Record<string, unknown>>(
                `/admin/reservations/services/${service.id}`,
              ).catch(() => ({}) as Record<string, unknown>);
              const { id: _id, ...rules } = existing;
              await api('PUT', `/admin/reservations/services/${service.id}`, {
                ...rules,
                name: {
                  ...((rules.name as Record<string, string> | undefined) ?? {}),
                  ja: service.ja,
                  ...(service.en ? { en: service.en } : {}),
                },
                closedDates: list(service.closed),
              });
              setMessage(ns('services.saved', { name: service.ja }));
            })
            .then(services.reload);
        }}
      >
        <h2>{ns('services.edit')}</h2>
        <Field label={ns('services.id')} hint={ns('services.idHint')}>
          <input
            required
            pattern="[a-z0-9_-]{1,32}"
            value={service.id}
            onInput={(e) => setService({ ...service, id: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('services.nameJa')}>
          <input
            required
            value={service.ja}
            onInput={(e) => setService({ ...service, ja: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('services.nameEn')}>
          <input value={service.en} onInput={(e) => setService({ ...service, en: e.currentTarget.value })} />
        </Field>
        <Field label={ns('services.closed')} hint={ns('services.closedHint')}>
          <input
            value={service.closed}
            onInput={(e) => setService({ ...service, closed: e.currentTarget.value })}
          />
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('common.save')}
        </button>
      </form>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const times = list(slots.times).map((range) => {
              const [start, end] = range.split('-');
              return { start, end };
            });
            const made = await post<{ slots: number }>(`/admin/reservations/services/${chosen}/slots`, {
              from: slots.from,
              to: slots.to,
              weekdays: slots.weekdays,
              times,
              capacity: slots.capacity,
              skipDates: list(slots.skip),
            });
            setMessage(ns('services.slotsMade', { n: made.slots }));
          });
        }}
      >
        <h2>{ns('services.slots')}</h2>
        <Field label={ns('desk.service')}>
          <select value={chosen} onChange={(e) => setSlots({ ...slots, service: e.currentTarget.value })}>
            {(services.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name.ja ?? s.id}
              </option>
            ))}
          </select>
        </Field>
        <div class="row">
          <Field label={ns('services.from')}>
            <input
              type="date"
              required
              value={slots.from}
              onInput={(e) => setSlots({ ...slots, from: e.currentTarget.value })}
            />
          </Field>
          <Field label={ns('services.to')}>
            <input
              type="date"
              required
              value={slots.to}
              onInput={(e) => setSlots({ ...slots, to: e.currentTarget.value })}
            />
          </Field>
        </div>
        <fieldset class="row">
          <legend>{ns('services.weekdays')}</legend>
          {WEEKDAYS.map((day) => (
            <label key={day} class="check">
              <input
                type="checkbox"
                checked={slots.weekdays.includes(day)}
                onChange={(e) =>
                  setSlots({
                    ...slots,
                    weekdays: e.currentTarget.checked
                      ? [...slots.weekdays, day]
                      : slots.weekdays.filter((d) => d !== day),
                  })
                }
              />
              {ns(`weekday.${day}`)}
            </label>
          ))}
        </fieldset>
        <Field label={ns('services.times')} hint={ns('services.timesHint')}>
          <input
            required
            value={slots.times}
            onInput={(e) => setSlots({ ...slots, times: e.currentTarget.value })}
          />
        </Field>
        <Field label={ns('services.capacity')}>
          <input
            type="number"
            min={0}
            max={10000}
            required
            value={slots.capacity}
            onInput={(e) => setSlots({ ...slots, capacity: Number(e.currentTarget.value) })}
          />
        </Field>
        <Field label={ns('services.skip')} hint={ns('services.closedHint')}>
          <input value={slots.skip} onInput={(e) => setSlots({ ...slots, skip: e.currentTarget.value })} />
        </Field>
        <div class="row">
          <button type="submit" disabled={action.busy || !chosen}>
            {ns('services.makeSlots')}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={!chosen}
            onClick={() =>
              void download(
                `/admin/reservations/services/${chosen}/export.csv${query({ from: slots.from, to: slots.to })}`,
                `${chosen}-${slots.from}-${slots.to}.csv`,
              )
            }
          >
            {ns('services.csv')}
          </button>
        </div>
      </form>
    </>
  );
}
