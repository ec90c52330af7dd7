import type Database from 'better-sqlite3';
import type { CubeSpec } from '../../db/cubes/cube-specs.js';
import { FAMILIES } from '../../analytics/cube-families.js';
import { readCube, type Aggregate, type FilterValue } from '../../analytics/cube-reader.js';
import { readCubeSeries } from '../../analytics/cube-series-reader.js';
import { addToDistribution, type DisplayCounts, type Distribution, type Kind } from '../../analytics/score-math.js';
import type { Span } from '../../analytics/tier-plan.js';

type Bounds = readonly { start: number; end: number }[];

// Answers and displays per score value from the smallest cube that has every dimension a question
// filters or groups by (db/cubes/cube-specs.ts explains the projections).

export type ScoreDim = 'prompt_id' | 'path' | 'device' | 'browser' | 'language';

export interface ScoreFilters {
  prompt_id?: string | undefined;
  path?: string | undefined;
  device?: string | undefined;
  browser?: string | undefined;
  language?: string | undefined;
}

const SCORE_CUBES: readonly CubeSpec[] = FAMILIES.scores.cubes;
const DISPLAY_CUBES: readonly CubeSpec[] = FAMILIES.displays.cubes;

function smallestCube(cubes: readonly CubeSpec[], dims: readonly string[]): CubeSpec {
  return cubes.find((c) => dims.every((d) => c.dims.some((x) => x.name === d)))!;
}

const neededDims = (filters: ScoreFilters, groupBy: ScoreDim | undefined) => [
  ...Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k),
  ...(groupBy ? [groupBy] : []),
];

/** Prompts of a kind: defined ones, plus any that ever received answers of it (even if deleted since). */
export function promptsOfKind(db: Database.Database, siteId: string, kind: Kind): string[] {
  const ids = db
    .prepare(
      'SELECT id FROM prompts WHERE site_id = ? AND kind = ? UNION SELECT DISTINCT prompt_id FROM score_prompt_monthly WHERE site_id = ? AND kind = ?',
    )
    .pluck()
    .all(siteId, kind, siteId, kind) as string[];
  return ids;
}

function scoreRead(siteId: string, kind: Kind, filters: ScoreFilters, groupBy: ScoreDim | undefined) {
  const cube = smallestCube(SCORE_CUBES, neededDims(filters, groupBy));
  return { cube, siteId, filters: { ...filters, kind }, groupBy: groupBy ? [groupBy, 'score'] : ['score'] };
}

function toDistributions(rows: Map<string, Aggregate>, grouped: boolean): Map<string, Distribution> {
  const out = new Map<string, Distribution>();
  for (const { group, counters } of rows.values()) {
    const key = grouped ? String(group[0]) : '';
    let d = out.get(key);
    if (!d) {
      d = new Map();
      out.set(key, d);
    }
    addToDistribution(d, Number(group[grouped ? 1 : 0]), counters[0]!, counters[1]!);
  }
  return out;
}

/** Score distribution per group value ('' when not grouped). */
export function readDistributions(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  groupBy: ScoreDim | undefined,
  spans: readonly Span[],
): Map<string, Distribution> {
  return toDistributions(readCube(db, scoreRead(siteId, kind, filters, groupBy), spans), groupBy !== undefined);
}

/** One distribution per series bucket (closed buckets' kept: readCubeSeries). */
export function readDistributionSeries(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  buckets: Bounds,
): Distribution[] {
  return readCubeSeries(db, scoreRead(siteId, kind, filters, undefined), buckets).map(
    (rows) => toDistributions(rows, false).get('') ?? new Map(),
  );
}

function displayRead(
  siteId: string,
  kindPrompts: readonly string[],
  filters: ScoreFilters,
  groupBy: ScoreDim | undefined,
) {
  const cube = smallestCube(DISPLAY_CUBES, neededDims(filters, groupBy));
  const prompt: FilterValue =
    filters.prompt_id === undefined ? kindPrompts : kindPrompts.includes(filters.prompt_id) ? filters.prompt_id : [];
  return { cube, siteId, filters: { ...filters, prompt_id: prompt }, groupBy: groupBy ? [groupBy] : [] };
}

const SHOWN = DISPLAY_CUBES[0]!.counters.findIndex((c) => c.name === 'shown');
const DISMISSED = DISPLAY_CUBES[0]!.counters.findIndex((c) => c.name === 'dismissed');

function toDisplays(rows: Map<string, Aggregate>, grouped: boolean): Map<string, DisplayCounts> {
  const out = new Map<string, DisplayCounts>();
  for (const { group, counters } of rows.values()) {
    const key = grouped ? String(group[0]) : '';
    const cur = out.get(key) ?? { displays: 0, dismissals: 0 };
    out.set(key, { displays: cur.displays + counters[SHOWN]!, dismissals: cur.dismissals + counters[DISMISSED]! });
  }
  return out;
}

/** Displays and dismissals of the kind's prompts per group value ('' when not grouped). */
export function readDisplays(
  db: Database.Database,
  siteId: string,
  kindPrompts: readonly string[],
  filters: ScoreFilters,
  groupBy: ScoreDim | undefined,
  spans: readonly Span[],
): Map<string, DisplayCounts> {
  return toDisplays(readCube(db, displayRead(siteId, kindPrompts, filters, groupBy), spans), groupBy !== undefined);
}

export function readDisplaySeries(
  db: Database.Database,
  siteId: string,
  kindPrompts: readonly string[],
  filters: ScoreFilters,
  buckets: Bounds,
): DisplayCounts[] {
  return readCubeSeries(db, displayRead(siteId, kindPrompts, filters, undefined), buckets).map(
    (rows) => toDisplays(rows, false).get('') ?? { displays: 0, dismissals: 0 },
  );
}
