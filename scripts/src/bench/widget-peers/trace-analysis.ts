// Reads a Chromium trace (Tracing via the DevTools protocol) of one page load: the renderer's main
// thread, from navigationStart to a window's end. Times are the thread's CPU time (`tdur`), not
// wall time: on a shared, busy machine a task's wall time mostly measures how long the thread
// waited for a core, while its CPU time is the work the page asked for.

/** The trace categories the analysis reads (few: tracing has a cost of its own). */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
  // The JS sampling profiler: splits promise callbacks (which name no file) among files.
  'disabled-by-default-v8.cpu_profiler',
];

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  /** µs on the monotonic clock. */
  ts: number;
  dur?: number;
  /** Thread (CPU) µs, when the platform records it. */
  tdur?: number;
  args?: { data?: Record<string, unknown>; frame?: string; beginData?: Record<string, unknown> };
}

/** Main-thread events that run JavaScript or compile it, or collect its garbage outside any script. */
const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'v8.evaluateModule',
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
  'FireIdleCallback',
  'RunMicrotasks',
  'V8.Execute',
  'XHRReadyStateChange',
  'XHRLoad',
  'v8.compile',
  'v8.compileModule',
  'V8.CompileCode',
  'v8.produceCache',
  'v8.produceModuleCache',
  'MinorGC',
  'MajorGC',
  'V8.GC_SCAVENGER',
  'V8.GC_MARK_COMPACTOR',
  'BlinkGC.AtomicPhase',
]);
/** A task of the main thread's scheduler: what a long task is made of. */
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
/** A long task: more than 50 ms (W3C Long Tasks), here of CPU time scaled to the modelled device. */
export const LONG_TASK_MS = 50;

export interface PageThread {
  pid: number;
  tid: number;
  /** navigationStart of the page, µs. */
  start: number;
  /** loadEventEnd, µs (undefined if the page never finished loading). */
  load?: number;
  /** First contentful paint, µs. */
  fcp?: number;
  /** The main thread's complete events, sorted by start. */
  events: TraceEvent[];
  /** User timing marks of the page by name (first occurrence), µs. */
  marks: Map<string, number>;
}

const isX = (e: TraceEvent) => e.ph === 'X' && typeof e.dur === 'number';
const cpu = (e: TraceEvent) => e.tdur ?? e.dur ?? 0;

/** The renderer main thread that loaded `pageUrl` (the last navigation to it). */
export function findPageThread(events: readonly TraceEvent[], pageUrl: string): PageThread {
  const nav = events.filter(
    (e) =>
      e.name === 'navigationStart' &&
      e.args?.data?.documentLoaderURL === pageUrl &&
      e.args.data.isOutermostMainFrame !== false,
  );
  const start = nav.at(-1);
  if (!start) throw new Error(`the trace has no navigationStart of ${pageUrl}`);
  const same = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;
  const frame = start.args?.frame;
  const after = (name: string) =>
    events.find((e) => e.name === name && same(e) && e.ts >= start.ts && (!frame || e.args?.frame === frame));
  const marks = new Map<string, number>();
  for (const e of events) {
    if (same(e) && e.cat?.includes('blink.user_timing') && e.ts >= start.ts && !marks.has(e.name))
      marks.set(e.name, e.ts);
  }
  return {
    pid: start.pid,
    tid: start.tid,
    start: start.ts,
    load: after('loadEventEnd')?.ts,
    fcp: after('firstContentfulPaint')?.ts,
    events: events.filter((e) => same(e) && isX(e)).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!),
    marks,
  };
}

export interface WindowFigures {
  /** CPU ms of JavaScript on the main thread: the self time of script events (run, compile, GC). */
  scriptMs: number;
  /**
   * The same by the file (URL without its query) whose code ran. '' = script work that names no
   * code: microtasks (promise callbacks), event dispatch glue, garbage collection outside scripts.
   */
  scriptMsByFile: Record<string, number>;
  /** Each file's script CPU ms by trace event (EvaluateScript, v8.compile, FunctionCall, …): what kind of work. */
  scriptMsByFileAndEvent: Record<string, Record<string, number>>;
  /** Each file's script CPU ms by what made it run (TimerFire, EventDispatch:scroll, RunMicrotasks, …). */
  scriptMsByFileAndTrigger: Record<string, Record<string, number>>;
  /** CPU ms of everything done inside each file's code: its script plus the style, layout and other work it forced. */
  insideMsByFile: Record<string, number>;
  /** CPU ms of every main-thread task (script, style, layout, paint, parsing…). */
  mainThreadMs: number;
  /** Tasks whose CPU time × the device factor exceeds 50 ms. */
  longTasks: number;
  /** Σ (task CPU × factor − 50 ms) over those tasks from first contentful paint on (Lighthouse's TBT, CPU-based). */
  totalBlockingMs: number;
  /** The same two from wall-clock durations, unscaled (reported, not ranked: on a busy machine they measure waiting). */
  wallLongTasks: number;
  wallBlockingMs: number;
}

/** The file (URL without query) of the code an event ran ('' when it names none, or no web URL). */
const fileOf = (e: TraceEvent): string => {
  const d = e.args?.data;
  const url = d?.url ?? d?.scriptName ?? d?.fileName ?? e.args?.beginData?.url;
  return typeof url === 'string' && /^https?:/.test(url) ? url.replace(/[?#].*$/, '') : '';
};

/** Sums a file-keyed figure by origin ('' stays ''). */
export function byOrigin(byFile: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, v] of Object.entries(byFile)) {
    const origin = file ? new URL(file).origin : '';
    out[origin] = (out[origin] ?? 0) + v;
  }
  return out;
}

/**
 * The V8 CPU profiler's samples of the page's main thread (trace category
 * disabled-by-default-v8.cpu_profiler), each with the file of the innermost frame that has a web
 * URL ('' for none: idle, the browser's own work, builtins called from nowhere). Sorted by time.
 */
export interface ProfileSamples {
  /** µs, the trace's clock. */
  times: number[];
  files: string[];
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string };
}

export function profileSamples(events: readonly TraceEvent[], thread: Pick<PageThread, 'pid' | 'tid'>): ProfileSamples {
  const profile = events.find((e) => e.name === 'Profile' && e.pid === thread.pid && e.tid === thread.tid) as
    | (TraceEvent & { id?: string })
    | undefined;
  const out: ProfileSamples = { times: [], files: [] };
  if (!profile) return out;
  const nodes = new Map<number, ProfileNode>();
  const fileOfNode = new Map<number, string>();
  const nodeFile = (id: number): string => {
    const known = fileOfNode.get(id);
    if (known !== undefined) return known;
    const n = nodes.get(id);
    const url = n?.callFrame.url;
    const file =
      url && /^https?:/.test(url) ? url.replace(/[?#].*$/, '') : n?.parent !== undefined ? nodeFile(n.parent) : '';
    fileOfNode.set(id, file);
    return file;
  };
  forEachProfileSample(events, thread, profile, nodes, (t, id) => {
    out.times.push(t);
    out.files.push(nodeFile(id));
  });
  return out;
}

/**
 * Walks the ProfileChunks of `profile` in order: each chunk's nodes go into `nodes` first, then
 * `sample` gets each of its samples with its time (the profile's start plus the deltas so far).
 */
export function forEachProfileSample<N extends { id: number }>(
  events: readonly TraceEvent[],
  thread: Pick<PageThread, 'pid'>,
  profile: TraceEvent & { id?: string },
  nodes: Map<number, N>,
  sample: (t: number, id: number) => void,
): void {
  let t = Number(profile.args?.data?.startTime ?? profile.ts);
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== thread.pid || (e as { id?: string }).id !== profile.id) continue;
    const data = e.args?.data as
      | { cpuProfile?: { nodes?: N[]; samples?: number[] }; timeDeltas?: number[] }
      | undefined;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      sample(t, samples[i]!);
    }
  }
}

/** First index of a sorted array whose value is ≥ v. */
function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Why script ran: the outermost script event, with its DOM event's type (`EventDispatch:click`). */
const triggerOf = (e: TraceEvent): string => {
  const type = e.args?.data?.type;
  return e.name === 'EventDispatch' && typeof type === 'string' ? `EventDispatch:${type}` : e.name;
};

/**
 * Figures of the main thread between the page's start and `end` (µs). `factor` models a slower
 * device for long tasks: a task counts as long when its CPU time × factor > 50 ms.
 *
 * Attribution: trace events of one thread nest, so each event's self time is its CPU time minus
 * its children's. Self time belongs to the innermost enclosing script event that names its code's
 * URL (a function call, a script evaluation, a compile). Script work that names none — promise
 * callbacks (RunMicrotasks), module evaluation, dispatch glue — is split among files by the CPU
 * profiler's samples inside it, when `samples` are given; what no sample explains stays ''.
 */
export function windowFigures(
  thread: PageThread,
  end: number,
  factor: number,
  samples?: ProfileSamples,
): WindowFigures {
  const inWindow = thread.events.filter((e) => e.ts >= thread.start && e.ts <= end);
  /** Top-level tasks (a RunTask may wrap another). */
  const tasks: TraceEvent[] = [];
  interface Node {
    e: TraceEvent;
    /** File of the innermost script event with a URL at or above this one; '' inside code-less script; undefined outside script. */
    owner: string | undefined;
    /** The outermost script event at or above this one (undefined outside script). */
    trigger: string | undefined;
    childrenUs: number;
    children: TraceEvent[];
  }
  const nodes: Node[] = [];
  const stack: Node[] = [];
  for (const e of inWindow) {
    while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) {
      parent.childrenUs += cpu(e);
      parent.children.push(e);
    }
    if (TASK_EVENTS.has(e.name) && !stack.some((n) => TASK_EVENTS.has(n.e.name))) tasks.push(e);
    const isScript = SCRIPT_EVENTS.has(e.name);
    const file = isScript ? fileOf(e) : '';
    const owner = isScript && file ? file : (parent?.owner ?? (isScript ? '' : undefined));
    const trigger = parent?.trigger ?? (isScript ? triggerOf(e) : undefined);
    const node: Node = { e, owner, trigger, childrenUs: 0, children: [] };
    nodes.push(node);
    stack.push(node);
  }
  /** The shares of a code-less node's self time, by the files of the samples taken in it (outside its children). */
  const shares = (n: Node): [string, number][] => {
    if (!samples) return [['', 1]];
    const counts = new Map<string, number>();
    let total = 0;
    const stop = n.e.ts + n.e.dur!;
    let child = 0;
    for (let i = lowerBound(samples.times, n.e.ts); i < samples.times.length && samples.times[i]! < stop; i++) {
      const t = samples.times[i]!;
      while (child < n.children.length && n.children[child]!.ts + n.children[child]!.dur! <= t) child++;
      const c = n.children[child];
      if (c && c.ts <= t) continue;
      counts.set(samples.files[i]!, (counts.get(samples.files[i]!) ?? 0) + 1);
      total++;
    }
    return total ? [...counts].map(([f, c]) => [f, c / total]) : [['', 1]];
  };
  const scriptByFile: Record<string, number> = {};
  const byEvent: Record<string, Record<string, number>> = {};
  const byTrigger: Record<string, Record<string, number>> = {};
  const insideByFile: Record<string, number> = {};
  const add = (r: Record<string, number>, k: string, v: number) => {
    r[k] = (r[k] ?? 0) + v;
  };
  let scriptUs = 0;
  for (const n of nodes) {
    if (n.owner === undefined) continue;
    const self = Math.max(0, cpu(n.e) - n.childrenUs);
    const isScript = SCRIPT_EVENTS.has(n.e.name);
    if (isScript) scriptUs += self;
    for (const [file, share] of n.owner === '' && self > 0 ? shares(n) : [[n.owner, 1] as [string, number]]) {
      const us = self * share;
      add(insideByFile, file, us);
      if (!isScript) continue;
      add(scriptByFile, file, us);
      byEvent[file] = byEvent[file] ?? {};
      add(byEvent[file]!, n.e.name, us);
      byTrigger[file] = byTrigger[file] ?? {};
      add(byTrigger[file]!, n.trigger!, us);
    }
  }
  const blockingFrom = thread.fcp ?? thread.start;
  const scaled = (e: TraceEvent) => (cpu(e) / 1000) * factor;
  const long = tasks.filter((e) => scaled(e) > LONG_TASK_MS);
  const wallLong = tasks.filter((e) => e.dur! / 1000 > LONG_TASK_MS);
  /** To 0.01 ms: finer is below what a trace resolves on a busy machine, and keeps the results file small. */
  const ms = (us: number) => Math.round(us / 10) / 100;
  const msOf = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ms(v)]));
  return {
    scriptMs: ms(scriptUs),
    scriptMsByFile: msOf(scriptByFile),
    scriptMsByFileAndEvent: Object.fromEntries(Object.entries(byEvent).map(([k, v]) => [k, msOf(v)])),
    scriptMsByFileAndTrigger: Object.fromEntries(Object.entries(byTrigger).map(([k, v]) => [k, msOf(v)])),
    insideMsByFile: msOf(insideByFile),
    mainThreadMs: ms(tasks.reduce((n, e) => n + cpu(e), 0)),
    longTasks: long.length,
    totalBlockingMs: long.filter((e) => e.ts >= blockingFrom).reduce((n, e) => n + scaled(e) - LONG_TASK_MS, 0),
    wallLongTasks: wallLong.length,
    wallBlockingMs: wallLong.filter((e) => e.ts >= blockingFrom).reduce((n, e) => n + e.dur! / 1000 - LONG_TASK_MS, 0),
  };
}
