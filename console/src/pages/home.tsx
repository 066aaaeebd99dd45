// The console's start page: the pages this staff member may open, as large links.
import type { ConsolePageProps } from '../contract.ts';
import { t } from '../i18n.ts';
import { pagesFor } from '../pages.ts';
import { onLinkClick } from '../router.ts';
import { PageTitle } from '../ui.tsx';

export default function HomePage({ session }: ConsolePageProps) {
  const pages = pagesFor(session).filter((page) => page.nav);
  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      <p>{t('home.hello', { name: session.staff.name })}</p>
      {pages.length === 0 ? <p>{t('home.none')}</p> : null}
      <ul class="tiles">
        {pages.map((page) => (
          <li key={page.route}>
            <a href={`/console/${page.route}`} onClick={(e) => onLinkClick(e, page.route)}>
              {t(page.titleKey)}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
