// Names of what Loupe keeps in the host origin's localStorage (never cookies).
export const SESSION_KEY = 'loupe_s';
export const VISITOR_KEY = 'loupe_v';
/** '0' after optOut(), '1' after optIn(); absent = follow the browser's GPC / DNT signal. */
export const CONSENT_KEY = 'loupe_consent';
/** Prefix of the bounded queue of unsent events that must survive a reload; the site key follows. */
export const QUEUE_KEY_PREFIX = 'loupe_q_';
