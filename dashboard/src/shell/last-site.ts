const KEY = 'loupe.site';
const TZ_KEY = 'loupe.tz.';

/** The site opened last in this browser (a convenience only: the URL always names the site). */
export function lastSiteId(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberSite(siteId: string): void {
  try {
    localStorage.setItem(KEY, siteId);
  } catch {
    // Private mode: nothing to remember.
  }
}

/** The time zone a site had when this browser last opened it: lets the first figures load early. */
export function rememberedTimeZone(siteId: string): string | null {
  try {
    return localStorage.getItem(TZ_KEY + siteId);
  } catch {
    return null;
  }
}

export function rememberTimeZone(siteId: string, tz: string): void {
  try {
    localStorage.setItem(TZ_KEY + siteId, tz);
  } catch {
    // Private mode: the figures load after the session check instead.
  }
}
