import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DashboardSite, Me } from './session-types.js';

export interface Session extends Me {
  /** The site the URL selects (`?site=`), always one of `sites`. */
  site: DashboardSite;
  /** The site's zone: every date of the dashboard is read in it. */
  tz: string;
  canChange: boolean;
  logout(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in page');
  return s;
}
