const KEY = 'loupe.site';

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
