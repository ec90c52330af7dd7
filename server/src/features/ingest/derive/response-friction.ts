// The friction a session met before an answer: what the read API attaches to each response and
// what /v1/insights/friction compares scores by. Only what happened before the answer counts,
// because only that can have shaped the score.

export const FRICTION_BITS = { rage: 1, dead: 2, errorClick: 4, jsError: 8 } as const;
/** A session can see many pages; the per-page breakdown keeps the first ones (bounded fan-out). */
export const MAX_FRICTION_PAGES = 50;

export interface FrictionEvent {
  ts: number;
  type: string;
  path: string;
  /** click_kind for clicks (plain clicks are not passed in). */
  kind: string | null;
  /** Error source for errors: 'error' | 'unhandledrejection' | 'resource'. */
  source: string | null;
}

export interface Friction {
  pageviews: number;
  rage: number;
  dead: number;
  errorClicks: number;
  jsErrors: number;
  /** Pages seen before answering → 1 when friction was met on that page, else 0. */
  pages: Record<string, 0 | 1>;
}

export function frictionMask(f: Pick<Friction, 'rage' | 'dead' | 'errorClicks' | 'jsErrors'>): number {
  return (
    (f.rage > 0 ? FRICTION_BITS.rage : 0) |
    (f.dead > 0 ? FRICTION_BITS.dead : 0) |
    (f.errorClicks > 0 ? FRICTION_BITS.errorClick : 0) |
    (f.jsErrors > 0 ? FRICTION_BITS.jsError : 0)
  );
}

/** The friction columns of a stored response (what it was last counted with). */
export interface StoredFriction {
  friction_rage: number;
  friction_dead: number;
  friction_error_clicks: number;
  friction_js_errors: number;
}

/** The mask of the friction a stored response was last counted with. */
export const storedFrictionMask = (r: StoredFriction): number =>
  frictionMask({
    rage: r.friction_rage,
    dead: r.friction_dead,
    errorClicks: r.friction_error_clicks,
    jsErrors: r.friction_js_errors,
  });

/** `events` sorted by ts; only those strictly before `answeredAt` count. */
export function frictionBefore(events: readonly FrictionEvent[], answeredAt: number): Friction {
  // A null-prototype map: a path like `__proto__` is just a key.
  const pages = Object.create(null) as Record<string, 0 | 1>;
  const f: Friction = { pageviews: 0, rage: 0, dead: 0, errorClicks: 0, jsErrors: 0, pages };
  const see = (path: string, met: boolean) => {
    const known = Object.hasOwn(f.pages, path);
    if (!known && Object.keys(f.pages).length >= MAX_FRICTION_PAGES) return;
    if (met) f.pages[path] = 1;
    else if (!known) f.pages[path] = 0;
  };
  for (const e of events) {
    if (e.ts >= answeredAt) break;
    if (e.type === 'pageview') {
      f.pageviews += 1;
      see(e.path, false);
    } else if (e.type === 'click') {
      if (e.kind === 'rage') f.rage += 1;
      else if (e.kind === 'dead') f.dead += 1;
      else if (e.kind === 'error') f.errorClicks += 1;
      else continue;
      see(e.path, true);
    } else if (e.type === 'error' && e.source !== 'resource') {
      // Failed resource loads are counted with errors, but they are not JavaScript errors.
      f.jsErrors += 1;
      see(e.path, true);
    }
  }
  return f;
}

/** Stable JSON of the page map (sorted keys), so an unchanged map compares equal as text. */
export function pagesJson(pages: Record<string, 0 | 1>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(pages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
