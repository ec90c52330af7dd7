import { describe, expect, it } from 'vitest';
import { checkRuns } from '../src/bench/widget-peers/check-runs.js';
import type { PageRunFigures } from '../src/bench/widget-peers/page-run.js';
import type { PageRecord, WidgetPeersRaw } from '../src/bench/widget-peers/run-widget-peers.js';
import { median, summarizeWidgetPeers } from '../src/bench/widget-peers/summarize-widget-peers.js';

// The checks and arithmetic of npm run bench:widget on hand-made runs: a run that did not load
// its script, sent nothing or lost its survey answer is refused; medians, what a script adds to
// the bare page and the goal verdict follow from the numbers.

const LOUPE = 'http://loupe.test';
const STUB = 'http://stub.test';

const figures = (f: Partial<PageRunFigures> = {}): PageRunFigures => ({
  scriptMs: 20,
  scriptMsByFile: { 'http://shop.test/shop.js': 18, '': 2 },
  scriptMsByFileAndEvent: {},
  scriptMsByFileAndTrigger: {},
  insideMsByFile: { 'http://shop.test/shop.js': 25, '': 2 },
  mainThreadMs: 200,
  longTasks: 2,
  totalBlockingMs: 40,
  wallLongTasks: 3,
  wallBlockingMs: 90,
  requests: 10,
  receivedBytes: 30_000,
  sentBytes: 0,
  vendorRequests: 0,
  vendorReceivedBytes: 0,
  vendorSentBytes: 0,
  vendorScriptMs: 0,
  windowMs: 6000,
  ...f,
});

/** A contestant's run: `ms` of script in `file`, `code` ms of code-less script. */
function run(
  contestant: PageRecord['contestant'],
  origin: string,
  file: string,
  ms: number,
  code: number,
  extra: Partial<PageRunFigures> = {},
  scenario: 'page' | 'survey' = 'page',
): PageRecord {
  return {
    contestant,
    scenario,
    run: 0,
    vendorOrigin: origin,
    figures: figures({
      scriptMs: 18 + ms + code,
      scriptMsByFile: { 'http://shop.test/shop.js': 18, [`${origin}/${file}`]: ms, '': code },
      vendorRequests: 3,
      vendorReceivedBytes: 10_000,
      vendorScriptMs: ms,
      ...extra,
    }),
    scriptEncodings: { [`${origin}/${file}`]: 'br' },
    beacons: 1,
    ...(scenario === 'survey' ? { surveyAnswered: true } : {}),
  };
}

function rawRuns(): WidgetPeersRaw {
  return {
    options: { runs: 1, afterLoadMs: 5000, interactionMs: 30_000, cpuFactor: 4 },
    startedAt: '',
    finishedAt: '',
    chromium: '1',
    versions: {},
    machine: {
      cpu: 'x',
      cores: 2,
      memoryGiB: 1,
      node: '20',
      platform: 'linux',
      loadAverageAtStart: [1, 1, 1],
      loadAverageAtEnd: [1, 1, 1],
    },
    contestants: ['none', 'loupe', 'posthog', 'plausible'],
    pages: [
      {
        contestant: 'none',
        scenario: 'page',
        run: 0,
        vendorOrigin: undefined,
        figures: figures(),
        scriptEncodings: {},
        beacons: 0,
      },
      run('loupe', LOUPE, 'widget.js', 8, 3, { longTasks: 2, totalBlockingMs: 45 }),
      run('posthog', STUB, 'posthog-page.js', 90, 12, {
        vendorReceivedBytes: 170_000,
        longTasks: 4,
        totalBlockingMs: 300,
      }),
      run('plausible', STUB, 'plausible.js', 4, 2, { vendorReceivedBytes: 3_000, vendorRequests: 2 }),
      run('loupe', LOUPE, 'widget.js', 9, 2, { vendorReceivedBytes: 20_000 }, 'survey'),
      run('posthog', STUB, 'posthog-survey.js', 100, 10, { vendorReceivedBytes: 171_000 }, 'survey'),
    ],
    heaps: (['none', 'loupe', 'posthog', 'plausible'] as const).map((contestant, i) => ({
      contestant,
      run: 0,
      heapUsedBytes: [1.5, 1.9, 3.6, 1.6][i]! * 2 ** 20,
      pageErrors: ["Cannot read properties of undefined (reading 'push')"],
    })),
    unstubbed: [],
  };
}

describe('checkRuns', () => {
  it('accepts runs where every script loaded, sent and answered', () => {
    expect(checkRuns(rawRuns())).toEqual([]);
  });

  it('names each thing that makes the runs untrustworthy', () => {
    const raw = rawRuns();
    raw.pages[1]!.beacons = 0;
    raw.pages[2]!.scriptEncodings = { [`${STUB}/posthog-page.js`]: 'gzip' };
    raw.pages[3]!.scriptEncodings = {};
    raw.pages[5]!.surveyAnswered = false;
    raw.heaps[1]!.pageErrors.push('loupe broke the page');
    raw.heaps[2]!.pageErrors = [];
    raw.unstubbed.push('GET /static/recorder.js');
    expect(checkRuns(raw)).toEqual([
      'loupe page run 1: no beacon reached its server or stub',
      `posthog page run 1: ${STUB}/posthog-page.js was served with "gzip", not brotli`,
      'plausible page run 1: no script of the contestant was loaded',
      'posthog survey run 1: the survey answer did not reach the server or stub',
      'loupe visit 1: page error "loupe broke the page"',
      "posthog visit 1: the shop's planted error click did not happen",
      'the stub did not know GET /static/recorder.js',
    ]);
  });
});

describe('summarizeWidgetPeers', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("adds a script's own code and its code-less work beyond the bare page's; subtracts the bare page from page-wide figures", () => {
    const s = summarizeWidgetPeers(rawRuns());
    const loupe = s.contestants.find((c) => c.id === 'loupe')!;
    // 8 ms of its own code + (3 − 2) ms of code-less script above the bare page's.
    expect(loupe.page.scriptMs).toBe(9);
    expect(loupe.added).toMatchObject({ longTasks: 0, totalBlockingMs: 5, mainThreadMs: 0 });
    expect(loupe.added.heapBytes).toBeCloseTo(0.4 * 2 ** 20);
    expect(loupe.page.files).toEqual([{ file: '/widget.js', scriptMs: 8, byEvent: {}, byTrigger: {} }]);
    expect(loupe.page.codelessMs).toBe(1);
    expect(loupe.survey).toMatchObject({ receivedBytes: 20_000, scriptMs: 9, answered: 1, runs: 1 });
    expect(s.contestants.find((c) => c.id === 'posthog')!.page.scriptMs).toBe(100);
  });

  it('checks the goal: first in every column of its job, and against Plausible on script time', () => {
    const s = summarizeWidgetPeers(rawRuns());
    expect(s.goal.columns.every((c) => c.first)).toBe(true);
    expect(s.goal.firstInEveryColumn).toBe(true);
    // 9 ms against Plausible's 4 + 0 = 4 ms.
    expect(s.goal.scriptVsPlausible).toBe(9 / 4);
    expect(s.goal.scriptVsPlausibleMet).toBe(false);

    const raw = rawRuns();
    raw.pages[1]!.figures.vendorReceivedBytes = 200_000;
    const lost = summarizeWidgetPeers(raw).goal;
    expect(lost.firstInEveryColumn).toBe(false);
    expect(lost.columns.find((c) => c.key === 'bytes')).toMatchObject({ first: false, best: { id: 'posthog' } });
  });
});
