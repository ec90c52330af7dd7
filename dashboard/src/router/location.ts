import { useEffect, useState } from 'preact/hooks';
import { BASE, routeOf } from './app-path.js';

export { BASE };

/**
 * Where routes start below BASE: '' for the app, `shared/<shareId>/` inside a shared link's view,
 * whose views ('' and 'scores') and links then stay under the link's own address.
 */
let scope = '';
export function setRouteScope(prefix: string): void {
  scope = prefix;
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
window.addEventListener('popstate', notify);

export interface AppLocation {
  /** The path below /app/ without slashes at either end: '' (overview), 'scores', 'login'… */
  route: string;
  query: URLSearchParams;
  /** The full path and query, for `next=` after login. */
  href: string;
}

export function currentLocation(): AppLocation {
  const { pathname, search } = window.location;
  const base = BASE + scope;
  const route = !scope
    ? routeOf(pathname)
    : `${pathname}/`.startsWith(base)
      ? pathname.slice(base.length).replace(/\/+$/, '')
      : '';
  return { route, query: new URLSearchParams(search), href: pathname + search };
}

/** Client-side navigation: history entry (or replacement), then every subscriber re-renders. */
export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (href === window.location.pathname + window.location.search) return;
  if (opts.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  notify();
}

export function useLocation(): AppLocation {
  const [loc, setLoc] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLoc(currentLocation());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return loc;
}

/** `/app/<route>?<query>` with empty members left out. */
export function appHref(route: string, query: URLSearchParams | Record<string, string | undefined>): string {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const qs = params.toString();
  return `${BASE}${scope}${route}${qs ? `?${qs}` : ''}`;
}
