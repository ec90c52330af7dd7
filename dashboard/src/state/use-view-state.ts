import { useMemo } from 'preact/hooks';
import { useSession } from '../auth/session-context.js';
import { useLocation } from '../router/location.js';
import { todayIn } from './calendar.js';
import { readViewState, type ViewState } from './view-state.js';

/** The view state of the current URL, with "today" in the site's time zone. */
export function useViewState(): ViewState & { tz: string; siteId: string } {
  const { query } = useLocation();
  const { tz, site } = useSession();
  const key = query.toString();
  return useMemo(() => ({ ...readViewState(query, todayIn(tz)), tz, siteId: site.siteId }), [key, tz, site.siteId]);
}
