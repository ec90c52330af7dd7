import { readFileSync } from 'node:fs';
import path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../testing/launch-chromium.js';
import { repoRoot } from '../../testing/repo-root.js';
import { startLoupeUnderTest } from './loupe-under-test.js';
import { startShopServer } from './shop-server.js';
import {
  findPageThread,
  forEachProfileSample,
  type PageThread,
  TRACE_CATEGORIES,
  type TraceEvent,
} from './trace-analysis.js';

// Where widget.js spends its time on the bench's page (the demo shop's product page, the same
// server and snippet as `npm run bench:widget`), function by function: the V8 CPU profiler (the
// samples of the bench's own trace) from navigation to `load` + afterLoadMs, each sample's
// innermost frame in Loupe's files mapped back through widget/dist's source maps to its source
// file, line and function, and weighted by its task's CPU ÷ wall time (the bench counts CPU time).
// Self time is what the function itself ran (with the natives it called); total time includes
// the functions of ours it called.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface ProfileOptions {
  runs: number;
  afterLoadMs: number;
  /** `page`: the prompt targeted elsewhere (most page views); `survey`: shown on this page. */
  target: 'page' | 'survey';
  /**
   * `production` (widget.js as served) or `dev` (/dev/widget.js: not minified, so every function
   * keeps its own frame; the minifier inlines small ones into their callers).
   */
  build: 'production' | 'dev';
  /** The snippet's `data-disable` (signal groups switched off), to price each group; none by default. */
  disable?: string;
}

export interface FunctionTime {
  /** `source.ts:line name` of the function (its start, through the source map). */
  fn: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileResult {
  /** Median over runs of the ms sampled in Loupe's files (self time). */
  loupeMs: number;
  /** Mean per run, largest self time first. */
  functions: FunctionTime[];
  /** Mean self ms per run, by source file. */
  files: [string, number][];
}

const DIST = path.join(repoRoot, 'widget/dist');

/** Source-mapped names of positions in the widget's files, one map per file. */
function namer() {
  const maps = new Map<string, TraceMap | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new TraceMap(readFileSync(path.join(DIST, `${file}.map`), 'utf8')));
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file)!;
  };
  return (frame: CallFrame, origin: string) => {
    const file = frame.url.slice(origin.length + 1).replace(/[?#].*/, '');
    const map = mapOf(file);
    if (!map) return { fn: `${file}:${frame.lineNumber + 1}:${frame.columnNumber} ${frame.functionName}`, src: file };
    const at = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    const src = (at.source ?? file).replace(/^.*?\/(widget\/src|shared\/src|node_modules)\//, '$1/');
    const name = at.name || frame.functionName || '(anonymous)';
    return { fn: `${src}:${at.line} ${name}`, src };
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
};

/** One page load traced: the page's main thread and the CPU profiler's samples on it. */
async function profileOnce(browser: Browser, url: string, afterLoadMs: number): Promise<Sample[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(afterLoadMs);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const thread = findPageThread(trace.traceEvents, url);
    if (thread.load === undefined) throw new Error(`${url}: the trace has no loadEventEnd`);
    return cpuSamples(trace.traceEvents, thread, thread.load + afterLoadMs * 1000);
  } finally {
    await context.close();
  }
}

interface Sample {
  /** The sample's stack, innermost frame first. */
  stack: CallFrame[];
  /** CPU ms it stands for: its wall interval × its task's CPU ÷ wall time. */
  ms: number;
}

/**
 * The profiler's samples of the page's main thread up to `end`, each weighted by the CPU share of
 * the task it fell in: on a busy machine a task's wall time is partly waiting for a core (or for a
 * synchronous call into the browser), which a plain sample count would charge to the function.
 */
function cpuSamples(events: readonly TraceEvent[], thread: PageThread, end: number): Sample[] {
  const profile = events.find((e) => e.name === 'Profile' && e.pid === thread.pid && e.tid === thread.tid) as
    | (TraceEvent & { id?: string })
    | undefined;
  if (!profile) throw new Error('the trace has no CPU profile of the page thread');
  const tasks = thread.events.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const nodes = new Map<number, ProfileNode & { parent?: number }>();
  const times: number[] = [];
  const ids: number[] = [];
  forEachProfileSample(events, thread, profile, nodes, (t, id) => {
    times.push(t);
    ids.push(id);
  });
  const out: Sample[] = [];
  let task = 0;
  for (let i = 0; i + 1 < times.length; i++) {
    const at = times[i]!;
    if (at < thread.start || at > end) continue;
    while (task < tasks.length && tasks[task]!.ts + tasks[task]!.dur! < at) task++;
    const run = tasks[task];
    if (!run || run.ts > at || !run.dur) continue;
    const share = Math.min(1, (run.tdur ?? run.dur) / run.dur);
    const stack: CallFrame[] = [];
    for (let n = nodes.get(ids[i]!); n; n = n.parent === undefined ? undefined : nodes.get(n.parent))
      stack.push(n.callFrame);
    out.push({ stack, ms: ((times[i + 1]! - at) / 1000) * share });
  }
  return out;
}

export async function profileLoupe(opts: ProfileOptions): Promise<ProfileResult> {
  let loupe: Awaited<ReturnType<typeof startLoupeUnderTest>> | undefined;
  const shop = await startShopServer((id, target) => {
    if (id !== 'loupe') return '';
    const snippet = loupe!.snippet(target);
    const file = opts.build === 'dev' ? snippet.replace('/widget.js', '/dev/widget.js') : snippet;
    return opts.disable ? file.replace(' data-key=', ` data-disable="${opts.disable}" data-key=`) : file;
  });
  let browser: Browser | undefined;
  try {
    loupe = await startLoupeUnderTest(shop.origin);
    browser = await launchChromium();
    const url = shop.productUrl('loupe', opts.target);
    const name = namer();
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const files = new Map<string, number>();
    const perRun: number[] = [];
    await profileOnce(browser, url, 0); // warm-up: the browser's and the server's first-time costs
    for (let run = 0; run < opts.runs; run++) {
      const samples = await profileOnce(browser, url, opts.afterLoadMs);
      const mine = (f: CallFrame) => !!f.url && f.url.startsWith(`${loupe!.origin}/`);
      let ours = 0;
      for (const { stack, ms } of samples) {
        // Self: the innermost frame of ours (the natives it calls, JSON.parse, storage, count as its own).
        const inner = stack.find(mine);
        if (!inner) continue;
        ours += ms;
        const named = name(inner, loupe!.origin);
        self.set(named.fn, (self.get(named.fn) ?? 0) + ms);
        files.set(named.src, (files.get(named.src) ?? 0) + ms);
        // Total: every distinct function of ours on the stack.
        for (const f of new Set(stack.filter(mine).map((f) => name(f, loupe!.origin).fn)))
          total.set(f, (total.get(f) ?? 0) + ms);
      }
      perRun.push(ours);
    }
    const per = (ms: number) => ms / opts.runs;
    return {
      loupeMs: median(perRun),
      functions: [...total.keys()]
        .map((fn) => ({ fn, selfMs: per(self.get(fn) ?? 0), totalMs: per(total.get(fn)!) }))
        .sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs),
      files: [...files].map(([f, ms]): [string, number] => [f, per(ms)]).sort((a, b) => b[1] - a[1]),
    };
  } finally {
    await browser?.close();
    await loupe?.close();
    await shop.close();
  }
}
