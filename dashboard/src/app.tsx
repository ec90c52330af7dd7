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
import { ApiErrorState, LoadingState } from './ui/states.js';


type SessionState = { kind: 'loading' } | { kind: 'in'; me: Me } | { kind: 'out'; expired: boolean } | { kind: 'error'; error: unknown };

/**
 * The app: the setup and login pages stand alone; everything else needs a session. A 401 from any
 * request (logged out in another tab, expired, forged cookie) brings the login page back, and
 * logging in returns to the same address.
 */
export function App() {
  const loc = useLocation();
  const [session, setSession] = useState<SessionState>({ kind: 'loading' });
  const standalone = loc.route === 'login' || loc.route === 'setup';

  const load = useCallback(() => {
    setSession({ kind: 'loading' });
    fetchMe().then(
      (me) => setSession({ kind: 'in', me }),
      (error) => setSession(error instanceof ApiError && error.status === 401 ? { kind: 'out', expired: false } : { kind: 'error', error }),
    );
  }, []);

  useEffect(() => {
    if (!standalone && session.kind === 'loading') load();
  }, [standalone]);

  // A site created, renamed or deleted: the list of sites (and the switcher) follows, in place.
  useEffect(() => {
    const refresh = () => void fetchMe().then((me) => setSession({ kind: 'in', me }), () => undefined);
    window.addEventListener(SITES_CHANGED, refresh);
    return () => window.removeEventListener(SITES_CHANGED, refresh);
  }, []);

  useEffect(() => {
    const lost = () => setSession({ kind: 'out', expired: true });
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

  if (loc.route === 'setup') return <SetupPage onDone={enter} />;
  if (loc.route === 'login') return <LoginPage expired={loc.query.get('expired') === '1'} onLoggedIn={enter} />;
  if (session.kind === 'in') return <Shell me={session.me} onLoggedOut={() => setSession({ kind: 'out', expired: false })} />;
  if (session.kind === 'error') return <main class="standalone"><ApiErrorState error={session.error} retry={load} /></main>;
  return (
    <main class="standalone">
      <LoadingState rows={1} />
    </main>
  );
}
