import type { DashboardSite, Me } from '../auth/session-types.js';
import { t } from '../i18n/catalogue.js';
import { Link } from '../router/link.js';
import { appHref, navigate, useLocation } from '../router/location.js';
import { VIEWS } from '../router/views.js';
import { FILTER_KEYS } from '../state/view-state.js';
import { Logo } from './logo.js';
import { UserMenu } from './user-menu.js';

/** Members of the URL that carry across views: the site, the period and the filters. */
const SHARED_QUERY = ['site', 'period', 'from', 'to', 'compare', ...FILTER_KEYS];

export function Header({
  me,
  site,
  route,
  onLogout,
}: {
  me: Me;
  site: DashboardSite | undefined;
  route: string;
  onLogout: () => void;
}) {
  const { query } = useLocation();
  const shared = new URLSearchParams();
  for (const key of SHARED_QUERY) {
    const v = query.get(key);
    if (v) shared.set(key, v);
  }
  const switchSite = (e: Event) => {
    const siteId = (e.currentTarget as HTMLSelectElement).value;
    // The period carries over; filters name pages and values of the other site, so they do not.
    const next = new URLSearchParams({ site: siteId });
    for (const key of ['period', 'from', 'to', 'compare']) if (query.get(key)) next.set(key, query.get(key)!);
    navigate(appHref(route, next));
  };
  return (
    <header class="header">
      <div class="header-row">
        <a class="home" href={appHref('', site ? { site: site.siteId } : {})}>
          <Logo />
        </a>
        {me.sites.length > 0 && (
          <label class="site-switcher">
            <span class="visually-hidden">{t('site.switch')}</span>
            <select value={site?.siteId ?? ''} onChange={switchSite}>
              {!site && <option value="">{t('site.label')}</option>}
              {me.sites.map((s) => (
                <option key={s.siteId} value={s.siteId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <span class="spacer" />
        <UserMenu me={me} onLogout={onLogout} />
      </div>
      {site && (
        <nav class="tabs" aria-label={t('nav.label')}>
          {VIEWS.filter((v) => !v.hidden && (!v.ownerOnly || me.user.role === 'owner')).map((v) => (
            <Link
              key={v.route}
              class={v.manage ? 'manage' : undefined}
              href={appHref(v.route, v.manage ? { site: shared.get('site') ?? undefined } : shared)}
              aria-current={v.route === route || (v.route === 'prompts' && route === 'prompt') ? 'page' : undefined}
            >
              {t(v.label)}
            </Link>
          ))}
        </nav>
      )}
    </header>
  );
}
