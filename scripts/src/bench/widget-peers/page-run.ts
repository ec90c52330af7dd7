import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type NetworkLog, recordNetwork, tally } from './network-log.js';
import { SURVEY_VISIBLE_MARK, SURVEY_VISIBLE_PROBE } from './survey-visible-probe.js';
import {
  byOrigin,
  findPageThread,
  profileSamples,
  TRACE_CATEGORIES,
  type TraceEvent,
  type WindowFigures,
  windowFigures,
} from './trace-analysis.js';

// One measured page load: a fresh browser context (an empty cache, a first-time visitor), the
// network recorded over the DevTools protocol and the main thread traced, from navigation to
// `load` + afterLoadMs, or, for a survey run, to the moment the survey is on screen.

export interface PageRunOptions {
  browser: Browser;
  url: string;
  /** The origin the contestant's own files and beacons come from (its server, CDN or stub). */
  vendorOrigin: string | undefined;
  /** Page scenario: how long after `load` the window runs. */
  afterLoadMs: number;
  /** Survey scenario: the window ends when the survey is visible (no later than `timeoutMs`). */
  survey: boolean;
  /** The modelled device's slowdown for long tasks (see trace-analysis.ts). */
  cpuFactor: number;
  timeoutMs?: number;
}

export interface PageRunFigures extends WindowFigures {
  /** Every request the page made in the window, and the bytes it received (headers + compressed bodies). */
  requests: number;
  receivedBytes: number;
  /** Bytes of request bodies (beacons). */
  sentBytes: number;
  /** The same, for the contestant's origin only. */
  vendorRequests: number;
  vendorReceivedBytes: number;
  vendorSentBytes: number;
  /** Script CPU ms of code from the contestant's origin. */
  vendorScriptMs: number;
  /** Window length in wall ms (the page's start to the window's end): context only. */
  windowMs: number;
}

export interface PageRun {
  figures: PageRunFigures;
  network: NetworkLog;
  /** Content-Encoding of each script from the contestant's origin, by URL. */
  scriptEncodings: Record<string, string>;
  /** The context, still open: a survey run answers next, then closes it. */
  context: BrowserContext;
  page: Page;
}

export async function runPage(opts: PageRunOptions): Promise<PageRun> {
  const context = await opts.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    if (opts.survey) await context.addInitScript({ content: SURVEY_VISIBLE_PROBE });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const network = await recordNetwork(cdp);
    await opts.browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const timeout = opts.timeoutMs ?? 30_000;
    const visible = opts.survey
      ? page.waitForEvent('console', { predicate: (m) => m.text() === SURVEY_VISIBLE_MARK, timeout })
      : undefined;
    try {
      await page.goto(opts.url, { waitUntil: 'load', timeout });
      if (visible) await visible;
      else await page.waitForTimeout(opts.afterLoadMs);
    } finally {
      visible?.catch(() => undefined);
    }
    // The network log keeps recording (beacons sent after the window still count as arrived).
    const trace = JSON.parse((await opts.browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };

    const thread = findPageThread(trace.traceEvents, opts.url);
    const end = opts.survey
      ? thread.marks.get(SURVEY_VISIBLE_MARK)
      : thread.load === undefined
        ? undefined
        : thread.load + opts.afterLoadMs * 1000;
    if (end === undefined)
      throw new Error(`${opts.url}: the trace has no ${opts.survey ? SURVEY_VISIBLE_MARK : 'loadEventEnd'}`);
    const w = windowFigures(thread, end, opts.cpuFactor, profileSamples(trace.traceEvents, thread));
    // The breakdowns are kept for the contestant's own files and the code-less work only (the report's
    // "where the time goes"); the page's own files are in scriptMsByFile.
    const own = <T>(byFile: Record<string, T>) =>
      Object.fromEntries(
        Object.entries(byFile).filter(
          ([f]) => f === '' || (opts.vendorOrigin && f.startsWith(`${opts.vendorOrigin}/`)),
        ),
      );
    w.scriptMsByFileAndEvent = own(w.scriptMsByFileAndEvent);
    w.scriptMsByFileAndTrigger = own(w.scriptMsByFileAndTrigger);
    const all = tally(network, end / 1e6);
    const vendor = opts.vendorOrigin
      ? tally(network, end / 1e6, [opts.vendorOrigin])
      : { requests: 0, received: 0, sent: 0 };
    const scriptEncodings = Object.fromEntries(
      network.entries
        .filter((e) => e.type === 'Script' && e.origin === opts.vendorOrigin)
        .map((e) => [e.url, e.encoding]),
    );
    return {
      figures: {
        ...w,
        requests: all.requests,
        receivedBytes: all.received,
        sentBytes: all.sent,
        vendorRequests: vendor.requests,
        vendorReceivedBytes: vendor.received,
        vendorSentBytes: vendor.sent,
        vendorScriptMs: opts.vendorOrigin ? (byOrigin(w.scriptMsByFile)[opts.vendorOrigin] ?? 0) : 0,
        windowMs: (end - thread.start) / 1000,
      },
      network,
      scriptEncodings,
      context,
      page,
    };
  } catch (err) {
    await context.close();
    throw err;
  }
}
