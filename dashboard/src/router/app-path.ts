/** The app lives under this path; everything below it is the app's own routing. */
export const BASE = '/app/';

/** The route of a path below /app/, without slashes at either end: '' (overview), 'scores', 'login'… */
export const routeOf = (pathname: string): string =>
  pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/+$/, '') : '';
