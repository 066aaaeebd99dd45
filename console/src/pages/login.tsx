// The sign-in form: login id and password; the server sets the session cookie.
import { useState } from 'preact/hooks';
import { post, setCsrfToken } from '../api.ts';
import { language, setLanguage, t } from '../i18n.ts';
import { ErrorLine, Field } from '../ui.tsx';

export function LoginPage({ message, onSignedIn }: { message?: string | undefined; onSignedIn: () => void }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const answer = await post<{ csrfToken: string }>('/admin/login', { login, password });
      setCsrfToken(answer.csrfToken);
      setPassword('');
      onSignedIn();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="narrow">
      <h1>{t('app.title')}</h1>
      <p>
        <button type="button" class="link" onClick={() => setLanguage(language() === 'ja' ? 'en' : 'ja')}>
          {language() === 'ja' ? 'English' : '日本語'}
        </button>
      </p>
      {message ? <p role="status">{message}</p> : null}
      <form onSubmit={submit} class="card">
        <h2>{t('login.title')}</h2>
        <Field label={t('login.id')}>
          <input
            name="login"
            autocomplete="username"
            required
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <ErrorLine error={error} />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
