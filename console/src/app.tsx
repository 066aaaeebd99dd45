// The console shell: signs in (or sets up the first administrator), then shows the navigation of the pages
// the staff member may open and the page of the current path.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, onSignedOut, post, setCsrfToken } from './api.ts';
import type { ConsolePage, ConsolePageProps, ConsoleSession } from './contract.ts';
import { language, setLanguage, t, useLanguage } from './i18n.ts';
import { LoginPage } from './pages/login.tsx';
import { SetupPage } from './pages/setup.tsx';
import { pagesFor } from './pages.ts';
import { match, navigate, onLinkClick, usePath } from './router.ts';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; message?: string }
  | { kind: 'in'; session: ConsoleSession };

export function App() {
  useLanguage();
  const path = usePath();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = async () => {
    try {
      const session = await get<ConsoleSession>('/admin/session');
      setCsrfToken(session.csrfToken);
      setState({ kind: 'in', session });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 429))
        setState({ kind: 'signed-out' });
      else setState({ kind: 'signed-out', message: String(error) });
    }
  };
  useEffect(() => {
    void load();
    return onSignedOut(() => setState({ kind: 'signed-out', message: t('login.ended') }));
  }, []);

  if (path === 'setup')
    return (
      <SetupPage
        onDone={() => {
          navigate('');
          void load();
        }}
      />
    );
  if (state.kind === 'loading') return <p class="loading">{t('common.loading')}</p>;
  if (state.kind === 'signed-out') return <LoginPage message={state.message} onSignedIn={load} />;
  return <Shell session={state.session} path={path} onSignedOut={() => setState({ kind: 'signed-out' })} />;
}

function Shell({
  session,
  path,
  onSignedOut,
}: {
  session: ConsoleSession;
  path: string;
  onSignedOut: () => void;
}) {
  const pages = pagesFor(session);
  const found = pages
    .map((page) => ({ page, params: match(page.route, path) }))
    .find((entry): entry is { page: ConsolePage; params: Record<string, string> } => entry.params !== null);
  const logout = async () => {
    await post('/admin/logout').catch(() => undefined);
    setCsrfToken(null);
    onSignedOut();
  };
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t('common.skip')}
      </a>
      <header class="top">
        <a class="brand" href="/console/" onClick={(e) => onLinkClick(e, '')}>
          {t('app.title')}
        </a>
        <span class="who">{session.staff.name}</span>
        <button
          type="button"
          class="link"
          onClick={() => setLanguage(language() === 'ja' ? 'en' : 'ja')}
          lang={language() === 'ja' ? 'en' : 'ja'}
        >
          {language() === 'ja' ? 'English' : '日本語'}
        </button>
        <button type="button" class="secondary" onClick={logout}>
          {t('login.logout')}
        </button>
      </header>
      <nav class="side" aria-label={t('nav.label')}>
        <ul>
          {pages
            .filter((page) => page.nav)
            .map((page) => (
              <li key={page.route}>
                <a
                  href={`/console/${page.route}`}
                  aria-current={path.startsWith(page.route) ? 'page' : undefined}
                  onClick={(e) => onLinkClick(e, page.route)}
                >
                  {t(page.titleKey)}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {found ? (
          <LazyPage key={found.page.route} page={found.page} props={{ params: found.params, session }} />
        ) : (
          <p>{t('common.notFound')}</p>
        )}
      </main>
    </div>
  );
}

function LazyPage({ page, props }: { page: ConsolePage; props: ConsolePageProps }) {
  const [component, setComponent] = useState<ComponentType<ConsolePageProps> | null>(null);
  useEffect(() => {
    let live = true;
    document.title = `${t(page.titleKey)} | ${t('app.title')}`;
    void page.component().then((module) => {
      if (live) setComponent(() => module.default);
    });
    return () => {
      live = false;
    };
  }, [page]);
  if (!component) return <p class="loading">{t('common.loading')}</p>;
  const Page = component;
  return <Page {...props} />;
}
