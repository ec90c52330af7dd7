import type { SharedView } from '@loupe/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, SESSION_LOST } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { SessionContext, type Session } from '../auth/session-context.js';
import { t } from '../i18n/catalogue.js';
import { LazyView } from '../router/lazy-view.js';
import { Link } from '../router/link.js';
import { appHref, setRouteScope, useLocation } from '../router/location.js';
import { findView } from '../router/views.js';
import { Logo } from '../shell/logo.js';
import { Toolbar } from '../shell/toolbar.js';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.js';

/** What a shared view shows: the overview and the scores, with any period and filters. */
const SHARED_ROUTES = ['', 'scores'];

type State =
  | { kind: 'opening' }
  | { kind: 'password'; key: string; wrong: boolean; error?: string }
  | { kind: 'open'; view: SharedView }
  | { kind: 'ended' }
  | { kind: 'bad' }
  | { kind: 'error'; message: string };

const sessionUrl = (shareId: string) => `/v1/shares/${encodeURIComponent(shareId)}/session`;

/**
 * A shared link's page, `/app/shared/<shareId>#key=…`, for people without an account: the key
 * (and the password, when the link has one) buys a cookie for this link alone; the key then leaves
 * the address bar. The overview and scores read with `?share=` and nothing else is offered (the
 * server refuses everything else too). A revoked link ends the view at its next request.
 */
export function SharedApp({ shareId }: { shareId: string }) {
  useState(() => setRouteScope(`shared/${shareId}/`));
  const loc = useLocation();
  const [state, setState] = useState<State>({ kind: 'opening' });
  const [password, setPassword] = useState('');

  const open = async (key: string, pw?: string) => {
    try {
      const view = await api<SharedView>(sessionUrl(shareId), {
        method: 'POST',
        body: { key, ...(pw ? { password: pw } : {}) },
        expectUnauthorized: true,
      });
      // The key has done its work: it leaves the address (and so the history and bookmarks).
      history.replaceState(null, '', location.pathname + location.search);
      setState({ kind: 'open', view });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'share_password_required')
        setState({ kind: 'password', key, wrong: false });
      else if (err instanceof ApiError && err.status === 401) setState({ kind: 'password', key, wrong: true });
      else if (err instanceof ApiError && err.status === 404) setState({ kind: 'bad' });
      else if (err instanceof ApiError && err.status === 429)
        setState({
          kind: 'password',
          key,
          wrong: false,
          error: t('app.error.rateLimited', { seconds: err.retryAfter ?? 60 }),
        });
      else setState({ kind: 'error', message: (err as Error).message });
    }
  };

  useEffect(() => {
    const key = new URLSearchParams(location.hash.slice(1)).get('key');
    if (key) void open(key);
    else
      api<SharedView>(`/v1/shares/${encodeURIComponent(shareId)}/view`, { expectUnauthorized: true }).then(
        (view) => setState({ kind: 'open', view }),
        () => setState({ kind: 'ended' }),
      );
    const ended = () => setState({ kind: 'ended' });
    window.addEventListener(SESSION_LOST, ended);
    return () => window.removeEventListener(SESSION_LOST, ended);
  }, [shareId]);

  const session = useMemo<Session | null>(() => {
    if (state.kind !== 'open') return null;
    const { site: s } = state.view;
    // The view's "site" is the link: read URLs name it with ?share= (read-urls.ts: scopeQuery).
    const site = {
      siteId: shareId,
      name: s.name,
      timeZone: s.timeZone,
      origins: [],
      publicKey: '',
      createdAt: '',
      lastEventAt: null,
      rawEventsDays: 0,
      responsesDays: null,
    };
    return {
      user: { userId: '', email: '', role: 'viewer' },
      sites: [site],
      site,
      tz: s.timeZone,
      canChange: false,
      logout: () => undefined,
    };
  }, [state]);

  useEffect(() => {
    if (state.kind === 'open') document.title = `${state.view.site.name} · ${t('app.name')}`;
  }, [state]);

  if (state.kind === 'opening')
    return (
      <main class="standalone">
        <LoadingState rows={1} />
      </main>
    );
  if (state.kind === 'bad' || state.kind === 'ended') {
    return (
      <main class="standalone">
        <EmptyState title={t(state.kind === 'bad' ? 'shared.bad.title' : 'shared.ended.title')}>
          <p>{t(state.kind === 'bad' ? 'shared.bad.body' : 'shared.ended.body')}</p>
        </EmptyState>
      </main>
    );
  }
  if (state.kind === 'error')
    return (
      <main class="standalone">
        <ErrorState message={state.message} />
      </main>
    );
  if (state.kind === 'password') {
    const submit = (e: Event) => {
      e.preventDefault();
      void open(state.key, password);
    };
    return (
      <main class="standalone">
        <form class="auth-form panel" onSubmit={submit}>
          <h1>{t('shared.password.title')}</h1>
          <p>{t('shared.password.body')}</p>
          <label for="share-password">{t('login.password')}</label>
          <input
            id="share-password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={state.wrong || undefined}
            aria-describedby={state.wrong || state.error ? 'share-password-error' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {(state.wrong || state.error) && (
            <p class="form-error" id="share-password-error" role="alert">
              {state.error ?? t('shared.password.wrong')}
            </p>
          )}
          <button class="button primary" type="submit">
            {t('shared.password.open')}
          </button>
        </form>
      </main>
    );
  }

  const route = SHARED_ROUTES.includes(loc.route) ? loc.route : undefined;
  const view = route === undefined ? undefined : findView(route);
  const keep = new URLSearchParams(loc.query);
  return (
    <SessionContext.Provider value={session}>
      <header class="header">
        <div class="header-row">
          <span class="home">
            <Logo />
          </span>
          <strong class="shared-site">{state.view.site.name}</strong>
          <span class="badge">{t('shared.readOnly')}</span>
        </div>
        <nav class="tabs" aria-label={t('nav.label')}>
          {SHARED_ROUTES.map((r) => (
            <Link key={r} href={appHref(r, keep)} aria-current={r === route ? 'page' : undefined}>
              {t(r === '' ? 'nav.overview' : 'nav.scores')}
            </Link>
          ))}
        </nav>
      </header>
      <main id="content" class="content" tabIndex={-1}>
        {view ? (
          <>
            <Toolbar route={view.route} />
            <LazyView view={view} />
          </>
        ) : (
          <EmptyState title={t('shared.notHere.title')}>
            <p>{t('shared.notHere.body')}</p>
            <Link href={appHref('', keep)}>{t('app.notFound.home')}</Link>
          </EmptyState>
        )}
      </main>
    </SessionContext.Provider>
  );
}
