// 災害モード: the current mode and the progress of the menu switch (refreshed while it runs), and switching on or
// off after a confirmation step (the reason is audited; entering may open a disaster, leaving may close it).
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

type Mode = 'normal' | 'disaster';
interface Switch {
  id: string;
  target: Mode;
  status: 'pending' | 'running' | 'done' | 'superseded';
  phase: string;
  usersTotal: number | null;
  usersDone: number;
  reason: string | null;
  requestedAt: string;
  finishedAt: string | null;
  lastError: string | null;
}
interface ModeState {
  mode: Mode;
  disasterId: string | null;
  changedAt: string;
  switch: Switch | null;
}

const POLL_MS = 2000;

export default function ModePage({ session }: ConsolePageProps) {
  const isOperator = allows(session.staff, 'bousai', 'operator');
  const state = useLoad(() => get<ModeState>('/admin/bousai/mode'), []);
  const action = useAction();
  const [reason, setReason] = useState('');
  const [disasterTitle, setDisasterTitle] = useState('');
  const [closeDisaster, setCloseDisaster] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const running = state.data?.switch?.status === 'pending' || state.data?.switch?.status === 'running';

  // While a switch runs the page asks again every few seconds (it is a job: thousands of users take a while).
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void state.reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, state.reload]);

  const mode = state.data?.mode;
  const target: Mode = mode === 'disaster' ? 'normal' : 'disaster';
  const current = state.data?.switch;

  const submit = (event: Event) => {
    event.preventDefault();
    setConfirming(true);
  };
  const confirm = () =>
    void action
      .run(async () => {
        const answer = await post<ModeState & { changed: boolean }>('/admin/bousai/mode', {
          mode: target,
          reason: reason.trim(),
          ...(target === 'disaster' && disasterTitle.trim() ? { disasterTitle: disasterTitle.trim() } : {}),
          ...(target === 'normal' ? { closeDisaster } : {}),
        });
        setMessage(ns(answer.changed ? 'mode.requested' : 'mode.unchanged'));
        setReason('');
        setDisasterTitle('');
        setCloseDisaster(false);
      })
      .then(() => {
        setConfirming(false);
        return state.reload();
      });

  return (
    <>
      <PageTitle>{ns('mode.title')}</PageTitle>
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error ?? state.error} />
      {state.data ? (
        <section class="card">
          <h2>{ns('mode.current')}</h2>
          <p class="big-number" data-testid="bousai-mode">
            {ns(`mode.${state.data.mode}`)}
          </p>
          <p>{ns('mode.since', { at: cityTime(state.data.changedAt) })}</p>
        </section>
      ) : null}
      {state.data ? (
        <section class="card" aria-labelledby="bousai-progress">
          <h2 id="bousai-progress">{ns('mode.progress')}</h2>
          {current ? (
            <div data-testid="bousai-switch">
              <p>
                {ns('mode.target')}: {ns(`mode.${current.target}`)} ・{ns('mode.status')}:{' '}
                {ns(`switchStatus.${current.status}`)} ・{ns('mode.phase')}: {ns(`phase.${current.phase}`)}
              </p>
              <progress
                max={current.usersTotal ?? 1}
                value={current.status === 'done' ? (current.usersTotal ?? 1) : current.usersDone}
                aria-label={ns('mode.progress')}
              />
              <p>
                {current.usersTotal === null
                  ? ns('mode.usersUnknown', { done: current.usersDone })
                  : ns('mode.users', { done: current.usersDone, total: current.usersTotal })}
              </p>
              {current.reason ? <p>{current.reason}</p> : null}
              {current.lastError ? (
                <p class="error">{ns('mode.lastError', { error: current.lastError })}</p>
              ) : null}
            </div>
          ) : (
            <p>{ns('mode.noSwitch')}</p>
          )}
        </section>
      ) : null}
      {isOperator && mode ? (
        <form class="card" onSubmit={submit}>
          <h2>{ns(target === 'disaster' ? 'mode.enter' : 'mode.leave')}</h2>
          <Field label={ns('mode.reason')}>
            <input
              required
              maxLength={200}
              value={reason}
              disabled={confirming}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </Field>
          {target === 'disaster' ? (
            <Field label={ns('mode.disasterTitle')}>
              <input
                maxLength={100}
                value={disasterTitle}
                disabled={confirming}
                onInput={(e) => setDisasterTitle(e.currentTarget.value)}
              />
            </Field>
          ) : (
            <label class="check">
              <input
                type="checkbox"
                checked={closeDisaster}
                disabled={confirming}
                onChange={(e) => setCloseDisaster(e.currentTarget.checked)}
              />
              {ns('mode.closeDisaster')}
            </label>
          )}
          {confirming ? (
            <div role="alertdialog" aria-labelledby="bousai-confirm">
              <p id="bousai-confirm">
                <strong>{ns(target === 'disaster' ? 'mode.confirmEnter' : 'mode.confirmLeave')}</strong>
              </p>
              <div class="row">
                <button type="button" class="danger" disabled={action.busy} onClick={confirm}>
                  {ns('mode.confirm')}
                </button>
                <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                  {ns('mode.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button type="submit" class={target === 'disaster' ? 'danger' : ''} disabled={!reason.trim()}>
              {ns(target === 'disaster' ? 'mode.enter' : 'mode.leave')}
            </button>
          )}
        </form>
      ) : null}
    </>
  );
}
