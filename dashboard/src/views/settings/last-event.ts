import type { Site } from '@loupe/shared';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/api-client.js';
import { siteUrl } from '../../api/studio-api.js';

const POLL_MS = 5000;

/** The site's lastEventAt, asked again every few seconds while the page is visible. */
export function useLastEvent(site: Site): string | null {
  const [at, setAt] = useState(site.lastEventAt);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        const fresh = await api<Site>(siteUrl(site.siteId)).catch(() => undefined);
        if (live && fresh) setAt(fresh.lastEventAt);
      }
      if (live) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [site.siteId]);
  return at;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "12 seconds ago", "3 days ago": the largest unit that fits. */
export function ago(iso: string, now = Date.now(), locale = 'en'): string {
  const ms = Math.max(0, now - Date.parse(iso));
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS)
    if (ms >= size || unit === 'second') return rtf.format(-Math.floor(ms / size), unit);
  return rtf.format(0, 'second');
}
