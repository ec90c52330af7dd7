import { contestant, type ContestantId, type Job } from './contestants.js';
import type { PageRecord, WidgetPeersRaw } from './run-widget-peers.js';
import { PLANTED_ERROR } from './check-runs.js';
import { byOrigin } from './trace-analysis.js';

// From the raw runs to the table: medians per contestant, what each adds to the bare page (the
// baseline of the same run), ratios against the baseline and against Loupe, and the project's
// goal checked with the numbers.

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One scenario's medians for one contestant (page: to load + window; survey: to the survey on screen). */
export interface ScenarioFigures {
  runs: number;
  /** Requests to the contestant's origin (its files, config and beacons). */
  requests: number;
  /** Bytes received from it: headers and bodies as served (compressed). */
  receivedBytes: number;
  /** Bytes of the beacons' bodies it sent. */
  sentBytes: number;
  /** Main-thread JavaScript CPU ms of its code, plus its share of the code-less script work (see scriptCpu()). */
  scriptMs: number;
  /** Main-thread CPU ms its code spent, the style and layout it forced included. */
  insideMs: number;
  /** Whole-page figures, for the ratios against the bare page. */
  pageScriptMs: number;
  pageMainThreadMs: number;
  pageReceivedBytes: number;
  pageRequests: number;
  longTasks: number;
  totalBlockingMs: number;
  wallLongTasks: number;
  wallBlockingMs: number;
  /** Fewest beacons that reached its server or stub in a run (0 would mean it sent nothing). */
  minBeacons: number;
  /** Content-Encodings its scripts were served with. */
  encodings: string[];
  /** Survey runs answered, the answer seen by the server or stub. */
  answered?: number;
  /** Where its script CPU goes: median ms per file of its origin (path only), by trace event and by what made it run. */
  files: { file: string; scriptMs: number; byEvent: Record<string, number>; byTrigger: Record<string, number> }[];
  /** Median ms of script work no file explains beyond the bare page's, counted in `scriptMs`. */
  codelessMs: number;
}

export interface ContestantSummary {
  id: ContestantId;
  label: string;
  job: Job;
  page: ScenarioFigures;
  /** What it adds to the bare page, page scenario (medians of each minus the baseline's median). */
  added: { longTasks: number; totalBlockingMs: number; mainThreadMs: number; heapBytes: number };
  heap: { runs: number; usedBytes: number; unexpectedErrors: string[] };
  survey?: ScenarioFigures;
}

/** A column of the comparison, lower is better. */
export interface Column {
  key: string;
  label: string;
  unit: string;
  /** Decimals worth printing. */
  digits: number;
  value(c: ContestantSummary): number | undefined;
}

export const COLUMNS: Column[] = [
  { key: 'bytes', label: 'transferred', unit: 'KB', digits: 1, value: (c) => c.page.receivedBytes / 1024 },
  { key: 'requests', label: 'requests', unit: '', digits: 0, value: (c) => c.page.requests },
  { key: 'script', label: 'script CPU to load + window', unit: 'ms', digits: 1, value: (c) => c.page.scriptMs },
  { key: 'longTasks', label: 'long tasks added', unit: '', digits: 0, value: (c) => c.added.longTasks },
  { key: 'tbt', label: 'blocking time added', unit: 'ms', digits: 1, value: (c) => c.added.totalBlockingMs },
  {
    key: 'heap',
    label: 'JS heap added after the visit',
    unit: 'MB',
    digits: 2,
    value: (c) => c.added.heapBytes / 2 ** 20,
  },
  {
    key: 'surveyBytes',
    label: 'transferred until the survey is visible',
    unit: 'KB',
    digits: 1,
    value: (c) => (c.survey ? c.survey.receivedBytes / 1024 : undefined),
  },
  {
    key: 'surveyScript',
    label: 'script CPU until the survey is visible',
    unit: 'ms',
    digits: 1,
    value: (c) => c.survey?.scriptMs,
  },
];

export interface GoalCheck {
  /** Loupe first (lowest, ties allowed) in every column among the scripts that do its job. */
  firstInEveryColumn: boolean;
  columns: { key: string; label: string; loupe: number; best: { id: ContestantId; value: number }; first: boolean }[];
  /** Loupe's script CPU ÷ Plausible's, target ≤ 1.5. */
  scriptVsPlausible: number | undefined;
  scriptVsPlausibleMet: boolean | undefined;
}

export interface WidgetPeersSummary {
  contestants: ContestantSummary[];
  /** The bare page's own figures (page scenario medians). */
  baseline: ScenarioFigures & { heapUsedBytes: number };
  goal: GoalCheck;
}

export const PLAUSIBLE_SCRIPT_TARGET = 1.5;

/**
 * Script CPU of a contestant in one run: its own files' JavaScript (promise callbacks included,
 * split by the profiler's samples), plus the script work no file explains (event dispatch glue,
 * callbacks between samples, GC outside scripts) beyond what the bare page has of it (the
 * baseline's median): a script that adds listeners and promises adds that work.
 */
function scriptCpu(r: PageRecord, baselineUnnamedMs: number): number {
  const origins = byOrigin(r.figures.scriptMsByFile);
  return (r.vendorOrigin ? (origins[r.vendorOrigin] ?? 0) : 0) + Math.max(0, (origins[''] ?? 0) - baselineUnnamedMs);
}

/** Median script CPU per file of the contestant's origin, largest first, and per trace event. */
function files(records: PageRecord[]): ScenarioFigures['files'] {
  const origin = records[0]?.vendorOrigin;
  if (!origin) return [];
  const names = [
    ...new Set(records.flatMap((r) => Object.keys(r.figures.scriptMsByFile).filter((f) => f.startsWith(`${origin}/`)))),
  ];
  return names
    .map((file) => {
      const medians = (of: (r: PageRecord) => Record<string, number> | undefined) => {
        const keys = [...new Set(records.flatMap((r) => Object.keys(of(r) ?? {})))];
        return Object.fromEntries(keys.map((k) => [k, median(records.map((r) => of(r)?.[k] ?? 0))]));
      };
      return {
        file: file.slice(origin.length),
        scriptMs: median(records.map((r) => r.figures.scriptMsByFile[file] ?? 0)),
        byEvent: medians((r) => r.figures.scriptMsByFileAndEvent[file]),
        byTrigger: medians((r) => r.figures.scriptMsByFileAndTrigger[file]),
      };
    })
    .sort((a, b) => b.scriptMs - a.scriptMs);
}

function scenario(records: PageRecord[], baselineUnnamedMs: number, baselineUnnamedInside: number): ScenarioFigures {
  const m = (f: (r: PageRecord) => number) => median(records.map(f));
  const out: ScenarioFigures = {
    runs: records.length,
    requests: m((r) => r.figures.vendorRequests),
    receivedBytes: m((r) => r.figures.vendorReceivedBytes),
    sentBytes: m((r) => r.figures.vendorSentBytes),
    scriptMs: m((r) => scriptCpu(r, baselineUnnamedMs)),
    insideMs: m((r) => {
      const inside = byOrigin(r.figures.insideMsByFile);
      return (
        (r.vendorOrigin ? (inside[r.vendorOrigin] ?? 0) : 0) + Math.max(0, (inside[''] ?? 0) - baselineUnnamedInside)
      );
    }),
    pageScriptMs: m((r) => r.figures.scriptMs),
    pageMainThreadMs: m((r) => r.figures.mainThreadMs),
    pageReceivedBytes: m((r) => r.figures.receivedBytes),
    pageRequests: m((r) => r.figures.requests),
    longTasks: m((r) => r.figures.longTasks),
    totalBlockingMs: m((r) => r.figures.totalBlockingMs),
    wallLongTasks: m((r) => r.figures.wallLongTasks),
    wallBlockingMs: m((r) => r.figures.wallBlockingMs),
    minBeacons: Math.min(...records.map((r) => r.beacons)),
    encodings: [...new Set(records.flatMap((r) => Object.values(r.scriptEncodings)))].sort(),
    files: files(records),
    codelessMs: m((r) => Math.max(0, (r.figures.scriptMsByFile[''] ?? 0) - baselineUnnamedMs)),
  };
  if (records.some((r) => r.surveyAnswered !== undefined))
    out.answered = records.filter((r) => r.surveyAnswered).length;
  return out;
}

export function summarizeWidgetPeers(raw: WidgetPeersRaw): WidgetPeersSummary {
  const pagesOf = (id: ContestantId, s: 'page' | 'survey') =>
    raw.pages.filter((r) => r.contestant === id && r.scenario === s);
  const heapsOf = (id: ContestantId) => raw.heaps.filter((h) => h.contestant === id);
  const bare = pagesOf('none', 'page');
  const unnamed = median(bare.map((r) => r.figures.scriptMsByFile[''] ?? 0));
  const unnamedInside = median(bare.map((r) => r.figures.insideMsByFile[''] ?? 0));
  const base = scenario(bare, unnamed, unnamedInside);
  const baseHeap = median(heapsOf('none').map((h) => h.heapUsedBytes));

  const contestants: ContestantSummary[] = raw.contestants
    .filter((id) => id !== 'none')
    .map((id) => {
      const c = contestant(id);
      const page = scenario(pagesOf(id, 'page'), unnamed, unnamedInside);
      const heaps = heapsOf(id);
      const heapUsed = median(heaps.map((h) => h.heapUsedBytes));
      const survey = pagesOf(id, 'survey');
      return {
        id,
        label: c.label,
        job: c.job,
        page,
        added: {
          longTasks: page.longTasks - base.longTasks,
          totalBlockingMs: page.totalBlockingMs - base.totalBlockingMs,
          mainThreadMs: page.pageMainThreadMs - base.pageMainThreadMs,
          heapBytes: heapUsed - baseHeap,
        },
        heap: {
          runs: heaps.length,
          usedBytes: heapUsed,
          unexpectedErrors: [...new Set(heaps.flatMap((h) => h.pageErrors.filter((e) => !PLANTED_ERROR.test(e))))],
        },
        ...(survey.length ? { survey: scenario(survey, unnamed, unnamedInside) } : {}),
      };
    });
  return { contestants, baseline: { ...base, heapUsedBytes: baseHeap }, goal: checkGoal(contestants) };
}

function checkGoal(contestants: ContestantSummary[]): GoalCheck {
  const loupe = contestants.find((c) => c.id === 'loupe');
  const rivals = contestants.filter((c) => c.id !== 'loupe' && c.job === 'signals + surveys');
  const columns: GoalCheck['columns'] = [];
  if (loupe) {
    for (const col of COLUMNS) {
      const mine = col.value(loupe);
      const theirs = rivals
        .map((c) => ({ id: c.id, value: col.value(c) }))
        .filter((x): x is { id: ContestantId; value: number } => x.value !== undefined);
      if (mine === undefined || !theirs.length) continue;
      const best = theirs.reduce((a, b) => (b.value < a.value ? b : a));
      columns.push({ key: col.key, label: col.label, loupe: mine, best, first: mine <= best.value });
    }
  }
  const plausible = contestants.find((c) => c.id === 'plausible');
  const ratio = loupe && plausible ? loupe.page.scriptMs / plausible.page.scriptMs : undefined;
  return {
    firstInEveryColumn: columns.length > 0 && columns.every((c) => c.first),
    columns,
    scriptVsPlausible: ratio,
    scriptVsPlausibleMet: ratio === undefined ? undefined : ratio <= PLAUSIBLE_SCRIPT_TARGET,
  };
}
