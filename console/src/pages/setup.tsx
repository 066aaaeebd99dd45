// The first administrator, created with the one-time link the server printed (/console/setup#<secret>).
import { useState } from 'preact/hooks';
import { post, setCsrfToken } from '../api.ts';
import { t } from '../i18n.ts';
import { ErrorLine, Field } from '../ui.tsx';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const token = location.hash.slice(1);
  const [name, setName] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const answer = await post<{ csrfToken: string }>('/admin/setup', { token, name, login, password });
      setCsrfToken(answer.csrfToken);
      history.replaceState(null, '', '/console/');
      onDone();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <main id="main" class="narrow">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} class="card">
        <Field label={t('staff.name')}>
          <input
            name="name"
            required
            autocomplete="name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field label={t('login.id')} hint={t('staff.loginHint')}>
          <input
            name="login"
            required
            autocomplete="username"
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
          />
        </Field>
        <Field label={t('login.password')} hint={t('staff.passwordHint')}>
          <input
            name="password"
            type="password"
            required
            minLength={10}
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <ErrorLine error={error} />
        <button type="submit">{t('setup.submit')}</button>
      </form>
    </main>
  );
}
