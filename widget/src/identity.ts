import { SESSION_IDLE_MS, SESSION_MAX_MS } from '@loupe/shared/constants';
import { read, write } from './storage.js';
import { SESSION_KEY, VISITOR_KEY } from './storage-keys.js';
import { uuid } from './uuid.js';

const SECOND = 1000;

export interface Ids {
  sessionId: string;
  visitorId?: string;
}

/**
 * Session and visitor ids. Persistent mode keeps them in localStorage (shared by the origin's
 * tabs; a session splits after 30 min idle or 24 h total, never at midnight). Without consent
 * (GPC / DNT / optOut) the session id lives in memory for this page only and there is no visitor.
 */
export function createIdentity(now: () => number = Date.now) {
  const ephemeral = uuid();
  return {
    _ids(persistent: boolean): Ids {
      if (!persistent) return { sessionId: ephemeral };
      const t = now();
      const [id, start, last] = (read(SESSION_KEY) || '').split('.');
      const fresh = !id || t - +last! > SESSION_IDLE_MS || t - +start! > SESSION_MAX_MS || !(+start! <= t);
      const sessionId = fresh ? uuid() : id;
      // The last activity to the second is all the idle split needs: a burst of events (a page
      // view, its Web Vitals, a click) writes storage once, not once per event.
      if (fresh || !(t - +last! < SECOND)) write(SESSION_KEY, `${sessionId}.${fresh ? t : start}.${t}`);
      let visitorId = read(VISITOR_KEY);
      if (!visitorId) {
        visitorId = uuid();
        write(VISITOR_KEY, visitorId);
      }
      return { sessionId, visitorId };
    },
    _forget() {
      write(SESSION_KEY);
      write(VISITOR_KEY);
    },
  };
}
