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
  /** A management view: no period or filters above it. */
  manage?: boolean;
  /** Listed in the navigation for owners only (the server refuses viewers anyway). */
  ownerOnly?: boolean;
  /** Reached by links, not listed in the navigation. */
  hidden?: boolean;
}

// import() with literal paths: esbuild makes each target a hashed chunk of its own.
export const VIEWS: ViewEntry[] = [
  { route: '', label: 'nav.overview', load: () => import('../views/overview/overview-view.js') },
  { route: 'scores', label: 'nav.scores', load: () => import('../views/scores/scores-view.js') },
  { route: 'responses', label: 'nav.responses', load: () => import('../views/responses/responses-view.js') },
  { route: 'pages', label: 'nav.pages', load: () => import('../views/pages/pages-view.js') },
  { route: 'errors', label: 'nav.errors', load: () => import('../views/errors/errors-view.js') },
  { route: 'clicks', label: 'nav.clicks', load: () => import('../views/clicks/clicks-view.js') },
  { route: 'funnels', label: 'nav.funnels', load: () => import('../views/funnels/funnels-view.js') },
  { route: 'tasks', label: 'nav.tasks', load: () => import('../views/tasks/tasks-view.js') },
  { route: 'retention', label: 'nav.retention', load: () => import('../views/retention/retention-view.js') },
  { route: 'prompts', label: 'nav.prompts', manage: true, load: () => import('../views/prompts/prompts-view.js') },
  {
    route: 'prompt',
    label: 'nav.prompt',
    manage: true,
    hidden: true,
    load: () => import('../views/prompt-editor/prompt-editor-view.js'),
  },
  {
    route: 'settings',
    label: 'nav.settings',
    manage: true,
    ownerOnly: true,
    load: () => import('../views/settings/settings-view.js'),
  },
  {
    route: 'users',
    label: 'nav.users',
    manage: true,
    ownerOnly: true,
    load: () => import('../views/users/users-view.js'),
  },
  {
    route: 'new-site',
    label: 'nav.newSite',
    manage: true,
    hidden: true,
    load: () => import('../views/settings/new-site-view.js'),
  },
];

export const findView = (route: string) => VIEWS.find((v) => v.route === route);
