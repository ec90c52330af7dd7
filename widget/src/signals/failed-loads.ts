/** The elements whose failed loads are reported (their `error` events, their Resource Timing). */
export const LOADING_TAGS = /^(img|script|link)$/;

/** What Resource Timing says of a load (`responseStatus`: Chrome 109+, Firefox 131+; absent elsewhere). */
type Timing = PerformanceResourceTiming & { responseStatus?: number };

/** The element that made the request shows the failure: an image without pixels, a stylesheet without a sheet. */
function brokenElement(tag: string, url: string): boolean {
  return Array.from(document.querySelectorAll<HTMLImageElement & HTMLLinkElement>(tag)).some((el) =>
    tag === 'img'
      ? el.currentSrc === url && el.complete && !el.naturalWidth
      : el.href === url && el.rel === 'stylesheet' && !el.sheet,
  );
}

/**
 * <img>, <script> and <link> loads that ended between `since` and `until` (performance.now()) and
 * failed, from Resource Timing: most broken resources are in the HTML and fail before any error
 * listener of ours exists. A load failed when its status is 4xx/5xx, or, where the browser hides
 * the status (another origin, a network error), when nothing was transferred and the element
 * shows the failure (a script shows nothing: only its status tells).
 */
export function failedLoads(since: number, until: number): [tag: string, url: string][] {
  const failed: [string, string][] = [];
  for (const r of performance.getEntriesByType('resource') as Timing[]) {
    const tag = r.initiatorType;
    if (!LOADING_TAGS.test(tag) || r.responseEnd < since || r.responseEnd >= until) continue;
    if (r.responseStatus! >= 400 || (!r.transferSize && !r.decodedBodySize && brokenElement(tag, r.name)))
      failed.push([tag, r.name]);
  }
  return failed;
}
