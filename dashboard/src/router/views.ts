import type { FunctionComponent } from 'preact';
import type { MessageKey } from '../i18n/en.js';

/** A view module: each is its own chunk, downloaded when the view is first opened. */
export interface ViewModule {
  View: FunctionComponent;
}

export interface ViewEntry {
  route: string;
  label: MessageKey;
  load: () => Promise<ViewModule>;
}

// import() with literal paths: esbuild makes each target a hashed chunk of its own.
export const VIEWS: ViewEntry[] = [
  { route: '', label: 'nav.overview', load: () => import('../views/overview/overview-view.js') },
  { route: 'scores', label: 'nav.scores', load: () => import('../views/scores/scores-view.js') },
  { route: 'responses', label: 'nav.responses', load: () => import('../views/responses/responses-view.js') },
  { route: 'pages', label: 'nav.pages', load: () => import('../views/pages/pages-view.js') },
  { route: 'errors', label: 'nav.errors', load: () => import('../views/errors/errors-view.js') },
  { route: 'clicks', label: 'nav.clicks', load: () => import('../views/clicks/clicks-view.js') },
];

export const findView = (route: string) => VIEWS.find((v) => v.route === route);
