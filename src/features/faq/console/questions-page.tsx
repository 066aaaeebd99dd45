// よくある質問 改善: the groups of questions residents asked that went unanswered (or were marked 解決しない), with
// one click to add one as a phrasing of a close entry or to dismiss it; the month's figures and feedback.
import { useState } from 'preact/hooks';
import { download, get, post, query } from '../../../../console/src/api.ts';
import { allows, type ConsolePageProps } from '../../../../console/src/contract.ts';
import { t } from '../../../../console/src/i18n.ts';
import { cityTime, ErrorLine, PageTitle, Status, useAction, useLoad } from '../../../../console/src/ui.tsx';

interface Group {
  id: string;
  text: string;
  count: number;
  questionIds: string[];
  reasons: string[];
  lastAskedAt: string;
  suggestions: { entryId: string; question: string; confidence: number }[];
}
interface Stats {
  days: { date: string; questions: number; answered: number; routed: number; unanswered: number }[];
  questions: number;
  answeredShare: number;
  feedback: { entryId: string; question: string; solved: number; unsolved: number }[];
}

const ns = (key: string, values?: Record<string, string | number>) => t(`faq:${key}`, values);

export default function QuestionsPage({ session }: ConsolePageProps) {
  const canEdit = allows(session.staff, 'faq', 'operator');
  const groups = useLoad(
    () => get<{ items: Group[] }>(`/admin/faq/question-groups${query({ limit: 50 })}`),
    [],
  );
  const stats = useLoad(() => get<Stats>('/admin/faq/stats?days=30'), []);
  const [message, setMessage] = useState('');
  const action = useAction();

  const addPhrasing = (group: Group, entryId: string, question: string) =>
    void action
      .run(async () => {
        const saved = await post<{ version: number }>('/admin/faq/question-groups/phrasing', {
          questionIds: group.questionIds,
          entryId,
        });
        setMessage(ns('questions.added', { question, version: saved.version }));
      })
      .then(groups.reload);

  const dismiss = (group: Group) =>
    void action
      .run(async () => {
        const done = await post<{ dismissed: number }>('/admin/faq/question-groups/dismiss', {
          questionIds: group.questionIds,
        });
        setMessage(ns('questions.dismissed', { n: done.dismissed }));
      })
      .then(groups.reload);

  const items = groups.data?.items ?? [];
  return (
    <>
      <PageTitle>{ns('questions.title')}</PageTitle>
      {stats.data ? (
        <p class="big-number">
          {ns('questions.summary', {
            n: stats.data.questions,
            share: Math.round(stats.data.answeredShare * 100),
          })}
        </p>
      ) : null}
      {message ? <Status text={message} /> : null}
      <ErrorLine error={action.error ?? groups.error ?? stats.error} />
      <p>
        <button
          type="button"
          onClick={() => void action.run(() => download('/admin/faq/export.csv', 'faq-entries.csv'))}
        >
          {ns('questions.export')}
        </button>
      </p>
      <table>
        <caption>{ns('questions.groups')}</caption>
        <thead>
          <tr>
            <th scope="col">{ns('questions.text')}</th>
            <th scope="col">{ns('questions.count')}</th>
            <th scope="col">{ns('questions.reasons')}</th>
            <th scope="col">{ns('questions.last')}</th>
            <th scope="col">{ns('questions.suggestions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr>
              <td colSpan={5}>{ns('questions.none')}</td>
            </tr>
          ) : null}
          {items.map((group) => (
            <tr key={group.id}>
              <td>{group.text}</td>
              <td>{group.count}</td>
              <td>{group.reasons.map((r) => ns(`reason.${r}`)).join('・')}</td>
              <td>{cityTime(group.lastAskedAt)}</td>
              <td>
                {canEdit
                  ? group.suggestions.map((s) => (
                      <button
                        key={s.entryId}
                        type="button"
                        disabled={action.busy}
                        onClick={() => addPhrasing(group, s.entryId, s.question)}
                      >
                        {ns('questions.add', { question: s.question })}
                      </button>
                    ))
                  : group.suggestions.map((s) => s.question).join(' / ')}
                {canEdit ? (
                  <button
                    type="button"
                    class="secondary"
                    disabled={action.busy}
                    onClick={() => dismiss(group)}
                  >
                    {ns('questions.dismiss')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{ns('questions.days')}</caption>
        <thead>
          <tr>
            <th scope="col">{ns('questions.date')}</th>
            <th scope="col">{ns('questions.total')}</th>
            <th scope="col">{ns('questions.answered')}</th>
            <th scope="col">{ns('questions.routed')}</th>
            <th scope="col">{ns('questions.unanswered')}</th>
          </tr>
        </thead>
        <tbody>
          {(stats.data?.days ?? []).map((day) => (
            <tr key={day.date}>
              <td>{day.date}</td>
              <td>{day.questions}</td>
              <td>{day.answered}</td>
              <td>{day.routed}</td>
              <td>{day.unanswered}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{ns('questions.feedback')}</caption>
        <thead>
          <tr>
            <th scope="col">{ns('questions.entry')}</th>
            <th scope="col">{ns('questions.solved')}</th>
            <th scope="col">{ns('questions.unsolved')}</th>
          </tr>
        </thead>
        <tbody>
          {(stats.data?.feedback ?? []).slice(0, 20).map((f) => (
            <tr key={f.entryId}>
              <td>{f.question}</td>
              <td>{f.solved}</td>
              <td>{f.unsolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
