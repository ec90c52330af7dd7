import { describe, expect, it } from 'vitest';
import { byOrigin, findPageThread, type TraceEvent, windowFigures } from '../src/bench/widget-peers/trace-analysis.js';

// The trace reading of npm run bench:widget on a hand-made trace whose answers are known: which
// thread is the page's, how self time is attributed to files, long tasks on a modelled device.

const PAGE = 'http://shop.test/demo/product.html?id=mug';
const A = 'http://cdn-a.test/a.js';
const B = 'http://cdn-b.test/b.js?v=1';

/** A complete event on the page's main thread (pid 1, tid 1); times in ms, as µs in the trace. */
const x = (name: string, ts: number, dur: number, cpu: number, data?: Record<string, unknown>): TraceEvent => ({
  name,
  ph: 'X',
  pid: 1,
  tid: 1,
  ts: ts * 1000,
  dur: dur * 1000,
  tdur: cpu * 1000,
  ...(data ? { args: { data } } : {}),
});
const mark = (name: string, ts: number, pid = 1): TraceEvent => ({
  name,
  ph: 'R',
  pid,
  tid: 1,
  ts: ts * 1000,
  cat: 'blink.user_timing',
  args: { frame: 'F' },
});

const events: TraceEvent[] = [
  // An earlier navigation of the same tab to about:blank, and another process's page: ignored.
  {
    name: 'navigationStart',
    ph: 'R',
    pid: 1,
    tid: 1,
    ts: 0,
    args: { frame: 'F', data: { documentLoaderURL: 'about:blank' } },
  },
  {
    name: 'navigationStart',
    ph: 'R',
    pid: 2,
    tid: 2,
    ts: 500,
    args: { frame: 'G', data: { documentLoaderURL: 'http://other.test/' } },
  },
  {
    name: 'navigationStart',
    ph: 'R',
    pid: 1,
    tid: 1,
    ts: 1000,
    cat: 'blink.user_timing',
    args: { frame: 'F', data: { documentLoaderURL: PAGE, isOutermostMainFrame: true } },
  },
  { name: 'firstContentfulPaint', ph: 'R', pid: 1, tid: 1, ts: 1500, cat: 'loading', args: { frame: 'F' } },
  mark('loadEventEnd', 30),
  mark('bench:survey-visible', 20),
  // Before the navigation (at 1 ms): not in the window.
  x('RunTask', 0.2, 0.7, 0.7),
  x('FunctionCall', 0.3, 0.5, 0.5, { url: A }),
  // Task 1: 20 ms CPU. a.js runs 15 ms, of which a forced layout 4 ms and a call into b.js 5 ms.
  x('RunTask', 2, 30, 20),
  x('ThreadControllerImpl::RunTask', 2, 30, 20),
  x('EvaluateScript', 2.1, 25, 15, { url: A }),
  x('Layout', 2.2, 5, 4),
  x('FunctionCall', 8, 6, 5, { url: B }),
  // Task 2: 3 ms CPU of promise callbacks that name no file.
  x('RunTask', 40, 3, 3),
  x('RunMicrotasks', 40.1, 2, 2),
  // Task 3: a timer whose callback is b.js: the callback's time is b.js's, the timer's glue is code-less.
  x('RunTask', 50, 4, 4),
  x('TimerFire', 50.1, 3.5, 3.5),
  x('FunctionCall', 50.2, 3, 3, { url: B }),
  // Another thread of the same process: ignored.
  { ...x('FunctionCall', 3, 50, 50, { url: A }), tid: 9 },
];

describe('trace analysis', () => {
  it("finds the page's main thread, its navigation, first paint, load and marks", () => {
    const t = findPageThread(events, PAGE);
    expect(t).toMatchObject({ pid: 1, tid: 1, start: 1000, fcp: 1500, load: 30_000 });
    expect(t.marks.get('bench:survey-visible')).toBe(20_000);
    expect(t.events.every((e) => e.tid === 1 && e.ph === 'X')).toBe(true);
    expect(() => findPageThread(events, 'http://nowhere.test/')).toThrow(/navigationStart/);
  });

  it('attributes self CPU time to the innermost file, code-less script work to ""', () => {
    const w = windowFigures(findPageThread(events, PAGE), 60_000, 1);
    // a.js: 15 − 4 (layout) − 5 (b.js) = 6; b.js: 5 + 3; code-less: 2 (microtasks) + 0.5 (timer glue).
    expect(w.scriptMsByFile).toEqual({ [A]: 6, 'http://cdn-b.test/b.js': 8, '': 2.5 });
    expect(w.scriptMs).toBeCloseTo(16.5);
    expect(w.scriptMsByFileAndEvent[A]).toEqual({ EvaluateScript: 6 });
    expect(w.scriptMsByFileAndEvent['']).toEqual({ RunMicrotasks: 2, TimerFire: 0.5 });
    // The layout a.js forced is inside a.js.
    expect(w.insideMsByFile[A]).toBe(10);
    expect(byOrigin(w.scriptMsByFile)).toEqual({ 'http://cdn-a.test': 6, 'http://cdn-b.test': 8, '': 2.5 });
    // Each top-level task once, though a RunTask wraps another.
    expect(w.mainThreadMs).toBe(27);
  });

  it('ends the window where asked', () => {
    const w = windowFigures(findPageThread(events, PAGE), 45_000, 1);
    expect(w.mainThreadMs).toBe(23);
    expect(w.scriptMsByFile['http://cdn-b.test/b.js']).toBe(5);
  });

  it('counts long tasks and blocking time from CPU time × the device factor', () => {
    const t = findPageThread(events, PAGE);
    expect(windowFigures(t, 60_000, 1)).toMatchObject({ longTasks: 0, totalBlockingMs: 0 });
    // × 4: task 1 is 80 ms (30 over), task 2 is 12 ms, task 3 is 16 ms.
    expect(windowFigures(t, 60_000, 4)).toMatchObject({ longTasks: 1, totalBlockingMs: 30 });
    // × 20: all three are long: 400 − 50 + 60 − 50 + 80 − 50.
    expect(windowFigures(t, 60_000, 20)).toMatchObject({ longTasks: 3, totalBlockingMs: 390 });
    // Wall time: task 1 is under 50 ms of wall time too.
    expect(windowFigures(t, 60_000, 4)).toMatchObject({ wallLongTasks: 0, wallBlockingMs: 0 });
  });
});
