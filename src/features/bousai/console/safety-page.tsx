// 安否: for a disaster (the open one first) the reports counted by situation and by shelter (no names), and for
// the open disaster the people who need help (operator; personal data, every read is audited by the API).
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { cityTime, ErrorLine, Field, PageTitle, useAction, useLoad } from '../../../../console/src/ui.tsx';
import { ns } from './ns.ts';

interface Disaster {
  id: string;
  title: string;
  startedAt: string;
  closedAt: string | null;
}
interface Counts {
  situations: { situation: string; reports: number; people: number }[];
  shelters: { shelterId: string | null; shelterName: string | null; reports: number; people: number }[];
}
interface Help {
  id: string;
  displayName: string | null;
  proxy: { name: string; address: string | null; phone: string | null } | null;
  people: number;
  needs: string[];
  latitude: number | null;
  longitude: number | null;
  updatedAt: string;
}
interface HelpPage {
  items: Help[];
  nextCursor: string | null;
}

export default function SafetyPage({ session }: ConsolePageProps) {
  const isOperator = allows(session.staff, 'bousai', 'operator');
  const disasters = useLoad(() => get<{ items: Disaster[] }>('/admin/bousai/disasters?limit=20'), []);
  const [chosen, setChosen] = useState('');
  const list = disasters.data?.items ?? [];
  const disaster = list.find((d) => d.id === chosen) ?? list.find((d) => d.closedAt === null) ?? list[0];
  const counts = useLoad(
    () =>
      disaster ? get<Counts>(`/admin/bousai/disasters/${disaster.id}/counts`) : Promise.resolve(undefined),
    [disaster?.id],
  );
  const showHelp = isOperator && disaster !== undefined && disaster.closedAt === null;
  const [help, setHelp] = useState<Help[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const action = useAction();

  const loadHelp = (id: string, after: string | null) =>
    action.run(async () => {
      const page = await get<HelpPage>(
        `/admin/bousai/disasters/${id}/help${query({ limit: 100, cursor: after })}`,
      );
      setHelp((before) => (after ? [...before, ...page.items] : page.items));
      setCursor(page.nextCursor);
    });

  useEffect(() => {
    setHelp([]);
    setCursor(null);
    if (showHelp && disaster) void loadHelp(disaster.id, null);
  }, [showHelp, disaster?.id]);

  const situationTotal = (counts.data?.situations ?? []).reduce((sum, c) => sum + c.reports, 0);

  return (
    <>
      <PageTitle>{ns('safety.title')}</PageTitle>
      <ErrorLine error={action.error ?? disasters.error ?? counts.error} />
      {disasters.data && list.length === 0 ? <p>{ns('safety.noDisaster')}</p> : null}
      {list.length > 0 ? (
        <Field label={ns('safety.disaster')}>
          <select value={disaster?.id ?? ''} onChange={(e) => setChosen(e.currentTarget.value)}>
            {list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title} {d.closedAt ? ns('safety.closed', { at: cityTime(d.closedAt) }) : ns('safety.open')}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {counts.data ? (
        <>
          <section class="card">
            <h2>{ns('safety.bySituation')}</h2>
            <table data-testid="safety-situations">
              <thead>
                <tr>
                  <th scope="col">{ns('safety.situation')}</th>
                  <th scope="col">{ns('safety.reports')}</th>
                  <th scope="col">{ns('safety.people')}</th>
                </tr>
              </thead>
              <tbody>
                {counts.data.situations.map((c) => (
                  <tr key={c.situation}>
                    <td>{ns(`situation.${c.situation}`)}</td>
                    <td>{c.reports}</td>
                    <td>{c.people}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              {ns('safety.reports')}: {situationTotal}
            </p>
          </section>
          <section class="card">
            <h2>{ns('safety.byShelter')}</h2>
            <table data-testid="safety-shelters">
              <thead>
                <tr>
                  <th scope="col">{ns('safety.shelter')}</th>
                  <th scope="col">{ns('safety.reports')}</th>
                  <th scope="col">{ns('safety.people')}</th>
                </tr>
              </thead>
              <tbody>
                {counts.data.shelters.map((c) => (
                  <tr key={c.shelterId ?? '-'}>
                    <td>{c.shelterName ?? ns('safety.noShelter')}</td>
                    <td>{c.reports}</td>
                    <td>{c.people}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
      {isOperator && disaster ? (
        <section class="card">
          <h2>{ns('safety.help')}</h2>
          {!showHelp ? <p>{ns('safety.helpOpenOnly')}</p> : null}
          {showHelp && help.length === 0 && !action.busy ? <p>{ns('safety.helpNone')}</p> : null}
          {help.length > 0 ? (
            <table data-testid="safety-help">
              <thead>
                <tr>
                  <th scope="col">{ns('safety.number')}</th>
                  <th scope="col">{ns('safety.name')}</th>
                  <th scope="col">{ns('safety.proxy')}</th>
                  <th scope="col">{ns('safety.people')}</th>
                  <th scope="col">{ns('safety.needs')}</th>
                  <th scope="col">{ns('safety.place')}</th>
                  <th scope="col">{ns('safety.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {help.map((h) => (
                  <tr key={h.id}>
                    <td>{h.id}</td>
                    <td>{h.displayName ?? '—'}</td>
                    <td>
                      {h.proxy
                        ? [h.proxy.name, h.proxy.address, h.proxy.phone].filter(Boolean).join(' ・')
                        : '—'}
                    </td>
                    <td>{h.people}</td>
                    <td>{h.needs.map((n) => ns(`need.${n}`)).join('・') || '—'}</td>
                    <td>
                      {h.latitude !== null && h.longitude !== null ? (
                        <a
                          href={`https://www.google.com/maps/search/?api=1&query=${h.latitude},${h.longitude}`}
                          target="_blank"
                          rel="noopener noreferrer"
                        >
                          {h.latitude.toFixed(5)}, {h.longitude.toFixed(5)}
                        </a>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{cityTime(h.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {showHelp && cursor && disaster ? (
            <button
              type="button"
              class="secondary"
              disabled={action.busy}
              onClick={() => void loadHelp(disaster.id, cursor)}
            >
              {ns('safety.more')}
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
