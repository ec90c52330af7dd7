import { readUrl } from '../api/read-urls.js';
import { prefetch } from '../api/use-api.js';
import { startSessionCheck } from '../auth/session-api.js';
import { currentLocation } from '../router/location.js';
import { lastSiteId, rememberedTimeZone } from '../shell/last-site.js';
import { todayIn } from '../state/calendar.js';
import { readViewState } from '../state/view-state.js';

/**
 * Requests the first screen needs, started before anything renders. Without them the load is a
 * waterfall: scripts, then a render whose effect asks for the session, then a render of the shell
 * and the view, whose effect asks for the figures. Here the session check starts at once, and
 * when the address shows the overview of a site whose time zone this browser saw before, the
 * overview's figures start alongside it (the view then finds them in flight or cached). A wrong
 * guess (the zone changed) costs one request the view does not use; a lost session answers 401
 * to both, and the app shows the login page as it would anyway.
 */
export function startEarlyRequests(): void {
  const loc = currentLocation();
  if (loc.route === 'login' || loc.route === 'setup') return;
  startSessionCheck();
  if (loc.route !== '') return;
  const siteId = loc.query.get('site') ?? lastSiteId();
  const tz = siteId ? rememberedTimeZone(siteId) : null;
  if (!siteId || !tz) return;
  prefetch([readUrl('overview', { ...readViewState(loc.query, todayIn(tz)), siteId, tz })]);
}
