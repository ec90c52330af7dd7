import { VITAL_THRESHOLDS } from '@loupe/shared/constants';
import { guard } from '../guard.js';
import type { Scope } from '../scope.js';
import { type LayoutShift, layoutShiftWindows } from './layout-shift-windows.js';
import { type InteractionEntry, longestInteractions } from './longest-interactions.js';
import type { VitalName, VitalReport } from './vitals-module.js';

/** Browser fields TypeScript's DOM types don't have yet. */
type Navigation = PerformanceNavigationTiming & { activationStart?: number };
type Page = Document & { prerendering?: boolean; wasDiscarded?: boolean };
// biome-ignore lint/suspicious/noExplicitAny: the entry type depends on what is observed
type Entry = any;

/**
 * The Web Vitals code (in widget.js, startup-parts.ts; a chunk of its own in the ES module build):
 * TTFB, FCP, LCP, CLS and INP with the definitions, ratings and reporting moments of Google's
 * `web-vitals` 5 (test/browser/vitals-parity.test.ts runs it beside this code and compares), each
 * metric reported when final: FCP and TTFB at once, LCP at the first input or when the page is
 * hidden, CLS and INP each time the page is hidden (again only if they changed). After a
 * back/forward cache restore each is measured again for that navigation, as web-vitals does.
 * Everything it adds to the page is registered in `scope` (undone by optOut() and destroy()); it
 * keeps no state outside this call, so a later start (optIn, a new instance) measures the page afresh.
 *
 * The signals start it after `load` (signals/vitals.ts), so TTFB needs no wait for it. Where
 * `performance.interactionCount` is missing, INP is the longest interaction (web-vitals estimates
 * the count there): the two differ only on a page with 50 interactions or more.
 */
export function startVitals(scope: Scope, report: VitalReport): void {
  const doc = document as Page;
  const perf = performance as Performance & { interactionCount?: number };
  /** Set by a back/forward cache restore: the metrics measured from then on are that navigation's. */
  let restored = false;

  const isHidden = () => doc.visibilityState === 'hidden';
  const on = <E extends Event>(type: string, listener: (event: E) => void) => scope._on(self, type, listener);
  const soon = (fn: () => void) => scope._later(fn, 0);
  /**
   * After the next frame has painted (two animation frames, as web-vitals waits). Each chain's
   * pending frame is kept apart: a restore starts two at once (FCP's and LCP's), and one id for
   * both let destroy() cancel only the later.
   */
  const frames = new Set<number>();
  scope._add(() => frames.forEach(cancelAnimationFrame));
  const nextFrame = (fn: () => void) => {
    const id = requestAnimationFrame(() => {
      frames.delete(id);
      fn();
    });
    frames.add(id);
  };
  const afterPaint = (fn: () => void) => nextFrame(() => nextFrame(guard(fn)));
  const observe = (type: string, handle: (entries: Entry[]) => void, options?: object) => {
    try {
      if (!scope._dead && PerformanceObserver.supportedEntryTypes.includes(type)) {
        // The entries are handled a microtask later: Safari calls back synchronously from observe().
        const po = new PerformanceObserver((list) => queueMicrotask(guard(() => handle(list.getEntries()))));
        po.observe({ type, buffered: true, ...options });
        scope._add(() => po.disconnect());
        return po;
      }
    } catch {
      // An entry type this browser knows but won't observe this way: that metric is not measured.
    }
  };

  /**
   * Work kept off the interaction that caused it (INP's entries, LCP's end): run when the browser
   * is idle, or at once when the page is hidden, before the final values are reported, so a
   * visitor who clicks and leaves before the page was ever idle still counts.
   */
  const idleWork: (() => void)[] = [];
  const requestIdle = self.requestIdleCallback || setTimeout;
  const cancelIdle = self.cancelIdleCallback || clearTimeout;
  let idle = 0;
  const runIdleWork = () => {
    cancelIdle(idle);
    for (const fn of idleWork.splice(0)) fn();
  };
  scope._add(() => cancelIdle(idle));
  const whenIdleOrHidden = (fn: () => void) => {
    if (isHidden()) return fn();
    if (idleWork.push(fn) === 1) idle = requestIdle(guard(runIdleWork));
  };

  const navigation = (): Navigation | undefined => {
    const n = perf.getEntriesByType('navigation')[0] as Navigation | undefined;
    // Zero, negative or future values are browser bugs or privacy blanks: no navigation timing.
    return n && n.responseStart > 0 && n.responseStart < perf.now() ? n : undefined;
  };
  /** A prerendered page's times count from when the visitor activated it, not from its prerender. */
  const activationStart = () => {
    const n = navigation();
    return (n && n.activationStart) || 0;
  };
  const sinceActivation = (time: number) => Math.max(time - activationStart(), 0);
  const whenActivated = (fn: () => void) => (doc.prerendering ? on('prerenderingchange', fn) : fn());

  /**
   * When the page was first hidden: paints after it don't count (a background tab paints late).
   * The browser's own `visibility-state` entry says if that was before we started; a page still
   * prerendering is hidden without having been seen.
   */
  const hiddenFromStart = () => (isHidden() && !doc.prerendering ? 0 : Infinity);
  const hiddenBefore =
    !doc.prerendering &&
    perf.getEntriesByType('visibility-state').find((e) => e.name === 'hidden' && e.startTime >= activationStart());
  let firstHidden = hiddenBefore ? hiddenBefore.startTime : hiddenFromStart();
  const onHidden: (() => void)[] = [];
  const visibility = (event: Event) => {
    if (!isHidden()) return;
    if (event.type === 'visibilitychange') {
      runIdleWork();
      for (const fn of onHidden) fn();
    }
    // Hidden at the end of prerendering: activated in a background tab, never seen.
    if (firstHidden === Infinity) firstHidden = event.type === 'visibilitychange' ? event.timeStamp : 0;
  };
  on('visibilitychange', visibility);
  on('prerenderingchange', visibility);
  const onRestore: ((event: PageTransitionEvent) => void)[] = [];
  on<PageTransitionEvent>('pageshow', (event) => {
    if (!event.persisted) return;
    restored = true;
    // Some browsers are still hidden when `pageshow` fires: look once the page has settled.
    soon(() => (firstHidden = hiddenFromStart()));
    for (const fn of onRestore) fn(event);
  });

  /** A metric of this navigation: `send` reports its value when it is set and has changed since. */
  const metric = (name: VitalName, value = -1) => {
    const n = navigation();
    const type = restored
      ? 'back-forward-cache'
      : !n
        ? 'navigate'
        : doc.prerendering || activationStart() > 0
          ? 'prerender'
          : doc.wasDiscarded
            ? 'restore'
            : n.type.replace(/_/g, '-');
    let sent: number | undefined;
    const m = {
      _value: value,
      _send() {
        const v = m._value;
        if (scope._dead || v < 0 || v === sent) return;
        sent = v;
        const [good, poor] = VITAL_THRESHOLDS[name];
        report(name, v, v > poor ? 'poor' : v > good ? 'needs-improvement' : 'good', type);
      },
    };
    return m;
  };
  /** FCP and LCP after a restore: from the `pageshow` to the next frame painted. */
  const paintAfterRestore = (m: ReturnType<typeof metric>, event: Event, then?: () => void) =>
    afterPaint(() => {
      m._value = perf.now() - event.timeStamp;
      m._send();
      if (then) then();
    });

  // TTFB: when the first byte of the page arrived.
  const ttfb = metric('TTFB');
  whenActivated(() =>
    // A task after `load`, so `loadEventEnd` is set on the entry (web-vitals reads no more of it).
    soon(() => {
      const n = navigation();
      if (!n) return;
      ttfb._value = sinceActivation(n.responseStart);
      ttfb._send();
      // A restored page's first byte is already there.
      onRestore.push(() => metric('TTFB', 0)._send());
    }),
  );

  // CLS: started once FCP is reported (as CrUX does: a page never painted has no CLS).
  let clsStarted = false;
  const startCLS = () => {
    if (clsStarted) return;
    clsStarted = true;
    let cls = metric('CLS', 0);
    let windows = layoutShiftWindows();
    const handle = (entries: LayoutShift[]) => {
      for (const e of entries) cls._value = windows._add(e);
    };
    const po = observe('layout-shift', handle);
    if (!po) return;
    onHidden.push(() => {
      handle(po.takeRecords() as Entry[]);
      cls._send();
    });
    onRestore.push(() => {
      cls = metric('CLS', 0);
      windows = layoutShiftWindows();
    });
  };

  whenActivated(() => {
    // FCP: the first paint of text or an image, if the page was visible until then.
    let fcp = metric('FCP');
    const fcpObserver = observe('paint', (entries) => {
      for (const e of entries) {
        if (e.name !== 'first-contentful-paint') continue;
        fcpObserver!.disconnect();
        if (e.startTime < firstHidden) {
          fcp._value = sinceActivation(e.startTime);
          fcp._send();
          startCLS();
        }
      }
    });
    if (fcpObserver) {
      onRestore.push((event) => {
        fcp = metric('FCP');
        paintAfterRestore(fcp, event, startCLS);
      });
    }

    // LCP: the last largest-paint candidate before the visitor's first input (scrolling aside:
    // scripts can scroll) or the page being hidden.
    let lcp = metric('LCP');
    const handleLCP = (entries: Entry[]) => {
      const last = entries[entries.length - 1];
      if (last && last.startTime < firstHidden) lcp._value = sinceActivation(last.startTime);
    };
    const lcpObserver = observe('largest-contentful-paint', handleLCP);
    if (lcpObserver) {
      let final = false;
      const finish = () => {
        if (final) return;
        final = true;
        handleLCP(lcpObserver.takeRecords());
        lcpObserver.disconnect();
        lcp._send();
      };
      // Trusted only: a script's synthetic click is not the visitor's input. In idle time, so
      // the report adds nothing to the input's own latency.
      const stop = (event: Event) => event.isTrusted && whenIdleOrHidden(finish);
      for (const type of ['keydown', 'click', 'visibilitychange']) on(type, stop);
      onRestore.push((event) => {
        lcp = metric('LCP');
        paintAfterRestore(lcp, event);
      });
    }

    // INP: from Event Timing entries, where the browser groups them by interaction.
    if (!(self.PerformanceEventTiming && 'interactionId' in PerformanceEventTiming.prototype)) return;
    let inp = metric('INP');
    let interactions = longestInteractions();
    /** Interactions before the last restore: the 98th percentile is of this navigation's. */
    let countBefore = 0;
    const handleINP = (entries: InteractionEntry[]) =>
      whenIdleOrHidden(() => {
        for (const e of entries) interactions._add(e);
        const latency = interactions._inp((perf.interactionCount || 0) - countBefore);
        if (latency !== undefined) inp._value = latency;
      });
    // 40 ms (web-vitals' default): shorter interactions are never the INP worth knowing, and
    // not observing them keeps this code off the page's busy moments.
    const inpObserver = observe('event', handleINP, { durationThreshold: 40 });
    if (!inpObserver) return;
    // The first input is observed whatever its duration: a page with one quick click has an INP.
    inpObserver.observe({ type: 'first-input', buffered: true });
    onHidden.push(() => {
      handleINP(inpObserver.takeRecords() as Entry[]);
      inp._send();
    });
    onRestore.push(() => {
      inp = metric('INP');
      interactions = longestInteractions();
      countBefore = perf.interactionCount || 0;
    });
  });
}
