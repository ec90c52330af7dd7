/** Fired after a site is created, renamed or deleted: the app reloads the list of sites. */
export const SITES_CHANGED = 'loupe:sites-changed';
