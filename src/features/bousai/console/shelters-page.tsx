// 避難所: every shelter as a card with large status buttons (未開設/開設/混雑/満/閉鎖) so a staff member at the
// shelter can change it from a phone; residents see the change at once. Search by name or 共通ID, filter by status.
import { useEffect, useState } from 'preact/hooks';
import { api, get, query } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { cityTime, ErrorLine, Field, PageTitle, Status, useAction } from '../../../../console/src/ui.tsx';
import { ns, SHELTER_STATUSES, type ShelterStatus } from './ns.ts';

interface Shelter {
  id: string;
  name: string;
  kind: string;
  address: string;
  forCare: boolean;
  status: ShelterStatus;
  statusChangedAt: string | null;
}
interface Page {
  items: Shelter[];
  nextCursor: string | null;
}

export default function SheltersPage({ session }: ConsolePageProps) {
  const isOperator = allows(session.staff, 'bousai', 'operator');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [more, setMore] = useState<Shelter[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const action = useAction();
  const [list, setList] = useState<Page | undefined>(undefined);
  const [listError, setListError] = useState<unknown>(null);
  // Loaded as the search is typed: an answer to an older search is dropped, never shown over a newer one.
  useEffect(() => {
    let stale = false;
    get<Page>(`/admin/bousai/shelters${query({ q: q.trim(), status, limit: 100 })}`).then(
      (page) => {
        if (stale) return;
        setList(page);
        setMore([]);
        setCursor(page.nextCursor);
        setListError(null);
      },
      (error: unknown) => {
        if (!stale) setListError(error);
      },
    );
    return () => {
      stale = true;
    };
  }, [q, status]);
  // Replaced in place after a change, so the list does not jump while someone is tapping through it.
  const [changed, setChanged] = useState<Record<string, Shelter>>({});
  const shelters = [...(list?.items ?? []), ...more].map((s) => changed[s.id] ?? s);

  const loadMore = () =>
    void action.run(async () => {
      if (!cursor) return;
      const page = await get<Page>(
        `/admin/bousai/shelters${query({ q: q.trim(), status, limit: 100, cursor })}`,
      );
      setMore((before) => [...before, ...page.items]);
      setCursor(page.nextCursor);
    });

  const setTo = (shelter: Shelter, next: ShelterStatus) =>
    void action.run(async () => {
      const saved = await api<Shelter>(
        'PUT',
        `/admin/bousai/shelters/${encodeURIComponent(shelter.id)}/status`,
        {
          status: next,
        },
      );
      setChanged((before) => ({ ...before, [saved.id]: saved }));
      setMessage(ns('shelters.changed', { name: saved.name, status: ns(`status.${saved.status}`) }));
    });

  return (
    <>
      <PageTitle>{ns('shelters.title')}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error ?? listError} />
      <div class="row">
        <Field label={ns('shelters.search')}>
          <input type="search" maxLength={100} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <Field label={ns('shelters.filter')}>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{ns('shelters.all')}</option>
            {SHELTER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ns(`status.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {list && shelters.length === 0 ? <p>{ns('shelters.none')}</p> : null}
      {shelters.map((shelter) => (
        <section key={shelter.id} class="card" aria-labelledby={`shelter-${shelter.id}`}>
          <h2 id={`shelter-${shelter.id}`}>{shelter.name}</h2>
          <p>
            {ns(`kind.${shelter.kind}`)}
            {shelter.forCare ? ` ・${ns('shelters.forCare')}` : ''} ・{shelter.address} ・{shelter.id}
          </p>
          <p data-testid={`shelter-status-${shelter.id}`}>
            <strong>{ns('shelters.current', { status: ns(`status.${shelter.status}`) })}</strong>
            {shelter.statusChangedAt
              ? ` ・${ns('shelters.changedAt', { at: cityTime(shelter.statusChangedAt) })}`
              : ''}
          </p>
          {isOperator ? (
            <fieldset class="row">
              <legend>{ns('shelters.setStatus')}</legend>
              {SHELTER_STATUSES.map((s) => (
                <button
                  key={s}
                  type="button"
                  class={s === shelter.status ? '' : 'secondary'}
                  aria-pressed={s === shelter.status}
                  disabled={action.busy}
                  onClick={() => setTo(shelter, s)}
                >
                  {ns(`status.${s}`)}
                </button>
              ))}
            </fieldset>
          ) : null}
        </section>
      ))}
      {cursor ? (
        <button type="button" class="secondary" disabled={action.busy} onClick={loadMore}>
          {ns('shelters.more')}
        </button>
      ) : null}
      <p class="hint">{ns('shelters.source')}</p>
    </>
  );
}
