import { useCallback, useEffect, useState } from 'preact/hooks';
import { SESSION_LOST } from './api/api-client.js';
import { ApiError } from './api/api-error.js';
import { SITES_CHANGED } from './api/sites-changed.js';
import { LoginPage } from './auth/login-page.js';
import { fetchMe } from './auth/session-api.js';
import type { Me } from './auth/session-types.js';
import { SetupPage } from './auth/setup-page.js';
import { appHref, navigate, useLocation } from './router/location.js';
import { safeNext } from './router/safe-next.js';
import { Shell } from './shell/shell.js';
import { t } from './i18n/catalogue.js';
import { ApiErrorState, ErrorState, LoadingState } from './ui/states.js';

const isSharedPage = () => window.location.pathname.startsWith('/app/shared/');

/** The shared link page in a chunk of its own: people with an account never download it. */
function LazySharedApp({ shareId }: { shareId: string }) {
  const [Shared, setShared] = useState<typeof import('./shared/shared-app.js').SharedApp>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./shared/shared-app.js').then(
      (m) => setShared(() => m.SharedApp),
      () => setFailed(true),
    );
  }, []);
  if (failed)
    return (
      <main class="standalone">
        <ErrorState message={t('app.error.chunk')} action={{ label: t('app.reload'), run: () => location.reload() }} />
      </main>
    );
  return Shared ? (
    <Shared shareId={shareId} />
  ) : (
    <main class="standalone">
      <LoadingState rows={1} />
    </main>
  );
}

type SessionState =
  | { kind: 'loading' }
  | { kind: 'in'; me: Me }
  | { kind: 'out'; expired: boolean }
  | { kind: 'error'; error: unknown };

/**
 * The app: the setup and login pages stand alone; everything else needs a session. A 401 from any
 * request (logged out in another tab, expired, forged cookie) brings the login page back, and
 * logging in returns to the same address.
 */
export function App() {
  const loc = useLocation();
  const [session, setSession] = useState<SessionState>({ kind: 'loading' });
  // A shared link's page stands alone too: it needs no account (shared/shared-app.tsx).
  // From the address itself: inside the shared page, routes are relative to the link (location.ts).
  const shared = /^\/app\/shared\/(shr_[\w-]+)/.exec(window.location.pathname)?.[1];
  const standalone = loc.route === 'login' || loc.route === 'setup' || shared !== undefined;

  const load = useCallback(() => {
    setSession({ kind: 'loading' });
    fetchMe().then(
      (me) => setSession({ kind: 'in', me }),
      (error) =>
        setSession(
          error instanceof ApiError && error.status === 401
            ? { kind: 'out', expired: false }
            : { kind: 'error', error },
        ),
    );
  }, []);

  useEffect(() => {
    if (!standalone && session.kind === 'loading') load();
  }, [standalone]);

  // A site created, renamed or deleted: the list of sites (and the switcher) follows, in place.
  useEffect(() => {
    const refresh = () =>
      void fetchMe().then(
        (me) => setSession({ kind: 'in', me }),
        () => undefined,
      );
    window.addEventListener(SITES_CHANGED, refresh);
    return () => window.removeEventListener(SITES_CHANGED, refresh);
  }, []);

  useEffect(() => {
    const lost = () => !isSharedPage() && setSession({ kind: 'out', expired: true });
    window.addEventListener(SESSION_LOST, lost);
    return () => window.removeEventListener(SESSION_LOST, lost);
  }, []);

  useEffect(() => {
    if (!standalone && session.kind === 'out') {
      navigate(appHref('login', { next: loc.href, expired: session.expired ? '1' : undefined }), { replace: true });
    }
  }, [standalone, session.kind]);

  const enter = () => {
    navigate(safeNext(loc.query.get('next')), { replace: true });
    load();
  };

  if (shared) return <LazySharedApp shareId={shared} />;
  if (loc.route === 'setup') return <SetupPage onDone={enter} />;
  if (loc.route === 'login') return <LoginPage expired={loc.query.get('expired') === '1'} onLoggedIn={enter} />;
  if (session.kind === 'in')
    return <Shell me={session.me} onLoggedOut={() => setSession({ kind: 'out', expired: false })} />;
  if (session.kind === 'error')
    return (
      <main class="standalone">
        <ApiErrorState error={session.error} retry={load} />
      </main>
    );
  return (
    <main class="standalone">
      <LoadingState rows={1} />
    </main>
  );
}
