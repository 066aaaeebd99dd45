// 職員と権限: staff accounts with their roles, sign-in and API tokens (administrators only).
import { useState } from 'preact/hooks';
import { api, get, post } from '../api.ts';
import type { ConsolePageProps, Role } from '../contract.ts';
import { t } from '../i18n.ts';
import { ErrorLine, Field, PageTitle, Status, useAction, useLoad } from '../ui.tsx';

interface StaffMember {
  id: string;
  name: string;
  email: string | null;
  loginId: string | null;
  isAdmin: boolean;
  active: boolean;
  roles: { scope: string; role: Role }[];
}

/** "reports:operator, reservations:viewer" ⇄ role entries. */
function parseRoles(text: string): { scope: string; role: string }[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf(':');
      return { scope: entry.slice(0, at), role: entry.slice(at + 1) };
    });
}
const rolesText = (roles: StaffMember['roles']) => roles.map((r) => `${r.scope}:${r.role}`).join(', ');

export default function StaffPage(_props: ConsolePageProps) {
  const list = useLoad(() => get<{ items: StaffMember[] }>('/admin/staff?limit=500'), []);
  const action = useAction();
  const [issued, setIssued] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', login: '', password: '', roles: '', isAdmin: false });

  const create = (event: Event) => {
    event.preventDefault();
    void action
      .run(async () => {
        const created = await post<{ staff: StaffMember }>('/admin/staff', {
          name: form.name,
          isAdmin: form.isAdmin,
          roles: parseRoles(form.roles),
          login: form.login ? { login: form.login, password: form.password } : undefined,
        });
        setIssued(t('staff.created', { name: created.staff.name }));
        setForm({ name: '', login: '', password: '', roles: '', isAdmin: false });
      })
      .then(list.reload);
  };
  const update = (member: StaffMember, body: object) =>
    void action.run(() => api('PATCH', `/admin/staff/${member.id}`, body)).then(list.reload);
  const setRoles = (member: StaffMember) => {
    const text = prompt(t('staff.rolesPrompt'), rolesText(member.roles));
    if (text === null) return;
    void action
      .run(() => api('PUT', `/admin/staff/${member.id}/roles`, { roles: parseRoles(text) }))
      .then(list.reload);
  };
  const setSignIn = (member: StaffMember) => {
    const login = prompt(t('staff.loginPrompt'), member.loginId ?? '');
    if (!login) return;
    const password = prompt(t('staff.passwordPrompt'));
    if (!password) return;
    void action
      .run(async () => {
        await api('PUT', `/admin/staff/${member.id}/login`, { login, password });
        setIssued(t('staff.loginSet', { name: member.name }));
      })
      .then(list.reload);
  };
  const issueToken = (member: StaffMember) =>
    void action.run(async () => {
      const token = await post<{ token: string }>(`/admin/staff/${member.id}/tokens`, { label: 'console' });
      setIssued(t('staff.tokenIssued', { name: member.name, token: token.token }));
    });

  return (
    <>
      <PageTitle>{t('staff.title')}</PageTitle>
      <ErrorLine error={list.error ?? action.error} />
      {issued ? <Status text={issued} /> : null}
      <table>
        <caption>{t('staff.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.name')}</th>
            <th scope="col">{t('login.id')}</th>
            <th scope="col">{t('staff.roles')}</th>
            <th scope="col">{t('staff.state')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).map((member) => (
            <tr key={member.id}>
              <td>{member.name}</td>
              <td>{member.loginId ?? '—'}</td>
              <td>
                {member.isAdmin ? <strong>{t('staff.admin')} </strong> : null}
                {rolesText(member.roles)}
              </td>
              <td>{member.active ? t('staff.active') : t('staff.inactive')}</td>
              <td class="actions">
                <button type="button" class="secondary" onClick={() => setRoles(member)}>
                  {t('staff.editRoles')}
                </button>
                <button type="button" class="secondary" onClick={() => setSignIn(member)}>
                  {t('staff.setLogin')}
                </button>
                <button type="button" class="secondary" onClick={() => issueToken(member)}>
                  {t('staff.issueToken')}
                </button>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => update(member, { active: !member.active })}
                >
                  {member.active ? t('staff.deactivate') : t('staff.activate')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" onSubmit={create}>
        <h2>{t('staff.add')}</h2>
        <Field label={t('staff.name')}>
          <input
            required
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('login.id')} hint={t('staff.loginHint')}>
          <input
            value={form.login}
            autocomplete="off"
            onInput={(e) => setForm({ ...form, login: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('login.password')} hint={t('staff.passwordHint')}>
          <input
            type="password"
            autocomplete="new-password"
            value={form.password}
            onInput={(e) => setForm({ ...form, password: e.currentTarget.value })}
          />
        </Field>
        <Field label={t('staff.roles')} hint={t('staff.rolesHint')}>
          <input value={form.roles} onInput={(e) => setForm({ ...form, roles: e.currentTarget.value })} />
        </Field>
        <label class="check">
          <input
            type="checkbox"
            checked={form.isAdmin}
            onChange={(e) => setForm({ ...form, isAdmin: e.currentTarget.checked })}
          />
          {t('staff.admin')}
        </label>
        <button type="submit" disabled={action.busy}>
          {t('staff.create')}
        </button>
      </form>
    </>
  );
}
