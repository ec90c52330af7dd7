import { startEarly } from '../api/early-answers.js';
import { send } from '../api/api-client.js';
import { readUrl } from '../api/read-urls.js';
import { routeOf } from '../router/app-path.js';
import { lastSiteId, rememberedTimeZone } from '../shell/last-site.js';
import { todayIn } from '../state/calendar.js';
import { readViewState } from '../state/view-state.js';

/**
 * Requests the first screen needs, started by the boot script before the app's code runs.
 * Without them the load is a waterfall: scripts, then a render whose effect asks for the session,
 * then a render of the shell and the view, whose effect asks for the figures. Here the session
 * check starts at once, and when the address shows the overview of a site whose time zone this
 * browser saw before, the overview's figures start alongside it; the app's first GET of each URL
 * takes the response under way (api/early-answers.ts). A wrong guess (the zone changed) costs one
 * request nobody reads; a lost session answers 401 to both, and the app shows the login page as
 * it would anyway. This file and its imports stay free of Preact: they run before it is loaded.
 */
export function startEarlyRequests(): void {
  const route = routeOf(location.pathname);
  if (route === 'login' || route === 'setup') return;
  startEarly('/v1/auth/me', () => send('/v1/auth/me'));
  if (route !== '') return;
  const query = new URLSearchParams(location.search);
  const siteId = query.get('site') ?? lastSiteId();
  const tz = siteId ? rememberedTimeZone(siteId) : null;
  if (!siteId || !tz) return;
  const url = readUrl('overview', { ...readViewState(query, todayIn(tz)), siteId, tz });
  startEarly(url, () => send(url));
}
