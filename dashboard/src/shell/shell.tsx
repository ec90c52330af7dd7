import { useEffect, useMemo, useState } from 'preact/hooks';
import { SessionContext, type Session } from '../auth/session-context.js';
import { logout } from '../auth/session-api.js';
import type { Me } from '../auth/session-types.js';
import { t } from '../i18n/catalogue.js';
import { LazyView } from '../router/lazy-view.js';
import { appHref, navigate, useLocation } from '../router/location.js';
import { findView } from '../router/views.js';
import { changeQuery } from '../state/view-state.js';
import { EmptyState, ErrorState } from '../ui/states.js';
import { Header } from './header.js';
import { lastSiteId, rememberSite, rememberTimeZone } from './last-site.js';
import { Toolbar } from './toolbar.js';
import { TroubleBanner } from './trouble-banner.js';

/** The logged-in frame: header, site, period and filters, then the view of the URL. */
export function Shell({ me, onLoggedOut }: { me: Me; onLoggedOut: () => void }) {
  const loc = useLocation();
  const asked = loc.query.get('site');
  const site = me.sites.find((s) => s.siteId === asked);
  const view = findView(loc.route);
  /** Bumped by "Try again": the view mounts afresh and asks the server again. */
  const [attempt, setAttempt] = useState(0);

  // No site in the URL: the one used last in this browser, else the first.
  useEffect(() => {
    if (loc.route === 'new-site') return;
    // An owner without sites starts by creating one (at its own address, so the new site's
    // secret key stays on screen when the list of sites reloads).
    if (me.sites.length === 0 && me.user.role === 'owner') {
      navigate(appHref('new-site', {}), { replace: true });
      return;
    }
    if (asked || me.sites.length === 0) return;
    const pick = me.sites.find((s) => s.siteId === lastSiteId()) ?? me.sites[0]!;
    navigate(appHref(loc.route, changeQuery(loc.query, { site: pick.siteId })), { replace: true });
  }, [asked, loc.route]);

  useEffect(() => {
    if (site) {
      rememberSite(site.siteId);
      rememberTimeZone(site.siteId, site.timeZone ?? 'UTC');
    }
    document.title = [view ? t(view.label) : t('app.notFound.title'), site?.name, t('app.name')]
      .filter(Boolean)
      .join(' · ');
  }, [site?.siteId, site?.timeZone, view]);

  const session = useMemo<Session | null>(
    () =>
      site
        ? {
            ...me,
            site,
            tz: site.timeZone ?? 'UTC',
            canChange: me.user.role === 'owner',
            logout: () => void logout().finally(onLoggedOut),
          }
        : null,
    [me, site],
  );

  const body = (() => {
    // Owners create sites here (the first one too); the form needs no site of its own.
    if (view?.route === 'new-site' && me.user.role === 'owner') return <LazyView key={attempt} view={view} />;
    if (me.sites.length === 0) {
      if (me.user.role === 'owner') return null;
      return (
        <EmptyState title={t('site.none.title')}>
          <p>{t('site.none.viewer')}</p>
        </EmptyState>
      );
    }
    if (!asked) return null;
    if (!site) return <ErrorState message={t('app.error.notFound')} />;
    if (!view) {
      return (
        <EmptyState title={t('app.notFound.title')}>
          <p>{t('app.notFound.body')}</p>
          <a href={appHref('', { site: site.siteId })}>{t('app.notFound.home')}</a>
        </EmptyState>
      );
    }
    return (
      <>
        {!view.manage && <Toolbar route={view.route} />}
        <LazyView key={attempt} view={view} />
      </>
    );
  })();

  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#content">
        {t('app.skip')}
      </a>
      <Header me={me} site={site} route={loc.route} onLogout={() => void logout().finally(onLoggedOut)} />
      <main id="content" class="content" tabIndex={-1}>
        <TroubleBanner onRetry={() => setAttempt((a) => a + 1)} />
        {body}
      </main>
    </SessionContext.Provider>
  );
}
