import { SEGMENT_FILTERS, type SegmentFilterName, type SegmentFilters } from '@loupe/shared';
import { CUBES, type CubeSpec } from '../db/cubes/cube-specs.js';
import type { Aggregate, CubeRead, FilterValue } from './cube-reader.js';

// A family is the set of cubes that hold one kind of fact at different grains (db/cubes/cube-specs.ts),
// with the dimension each segment filter narrows in it. Every read states the filters, groupings
// and counters it needs; the family answers with its smallest cube that has them all, or null when
// no cube of the family keeps a filter's dimension (the figure then has no answer under that
// filter, and the API says so with null). A new kind of filter is a new column in some cubes and
// a new entry in `columns`: no read changes.

export interface CubeFamily {
  /** Smallest first: the first cube that has every needed dimension and counter is read. */
  cubes: readonly CubeSpec[];
  /** The cube dimension each segment filter narrows; a filter not listed cannot be answered. */
  columns: Readonly<Partial<Record<SegmentFilterName, string>>>;
}

const SEGMENT = { device: 'device', browser: 'browser', language: 'language' } as const;

export const FAMILIES = {
  /** Sessions by the hour they started; a path filter means the page they entered on. */
  traffic: {
    cubes: [CUBES.trafficDevice, CUBES.session, CUBES.trafficClient, CUBES.traffic],
    columns: { path: 'entry_path', ...SEGMENT },
  },
  /** Page facts by the hour they happened (visits: the hour of the first view). */
  pages: { cubes: [CUBES.pageClient, CUBES.page, CUBES.pageSegment], columns: { path: 'path', ...SEGMENT } },
  /** Answers by the hour they were first given, where they were given. */
  scores: {
    cubes: [
      CUBES.scorePrompt,
      CUBES.scorePath,
      CUBES.scorePage,
      CUBES.scoreLanguage,
      CUBES.score,
      CUBES.scoreClient,
      CUBES.scoreSegment,
    ],
    columns: { path: 'path', ...SEGMENT },
  },
  /** Prompt displays and dismissals. */
  displays: {
    cubes: [
      CUBES.displayPrompt,
      CUBES.displayPage,
      CUBES.displayLanguage,
      CUBES.display,
      CUBES.displayClient,
      CUBES.displaySegment,
    ],
    columns: { path: 'path', ...SEGMENT },
  },
  /** Goal conversions, in the converting session's hour; a path filter means its entry page. */
  goals: { cubes: [CUBES.goal, CUBES.goalClient, CUBES.goalSegment], columns: { path: 'entry_path', ...SEGMENT } },
  /** Resolved answers, by the hour resolved (time-to-resolve buckets) and the hour given (complaints). */
  resolutions: {
    cubes: [CUBES.resolution, CUBES.resolutionClient, CUBES.resolutionSegment],
    columns: { path: 'path', ...SEGMENT },
  },
} as const satisfies Record<string, CubeFamily>;

export interface FamilyQuestion {
  /** Cube dimensions to group by. */
  groupBy?: readonly string[];
  /** Conditions on cube dimensions besides the segment filters (prompt, kind, fingerprint…). */
  where?: Readonly<Record<string, FilterValue | undefined>>;
  /** Counters the read uses; cubes without them are passed over. */
  counters?: readonly string[];
}

const hasDim = (cube: CubeSpec, dim: string) => cube.dims.some((d) => d.name === dim);
const hasCounter = (cube: CubeSpec, name: string) => cube.counters.some((c) => c.name === name);

/** The read of a family for these filters, or null when a filter has no dimension in it. */
export function familyRead(
  family: CubeFamily,
  siteId: string,
  filters: SegmentFilters,
  q: FamilyQuestion = {},
): CubeRead | null {
  const where: Record<string, FilterValue> = {};
  for (const [dim, value] of Object.entries(q.where ?? {})) if (value !== undefined) where[dim] = value;
  for (const name of SEGMENT_FILTERS) {
    const value = filters[name];
    if (value === undefined) continue;
    const column = family.columns[name];
    if (column === undefined) return null;
    where[column] = value;
  }
  const groupBy = q.groupBy ?? [];
  const dims = [...Object.keys(where), ...groupBy];
  const counters = q.counters ?? [];
  const cube = family.cubes.find((c) => dims.every((d) => hasDim(c, d)) && counters.every((n) => hasCounter(c, n)));
  if (!cube) throw new Error(`no cube has ${[...dims, ...counters].join(', ')}`);
  return { cube, siteId, filters: where, groupBy, counters: q.counters };
}

/** A counter of an aggregate by name (cubes of one family order their counters differently). */
export function counterOf(read: CubeRead, agg: Aggregate | undefined, name: string): number {
  if (!agg) return 0;
  const i = read.cube.counters.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`cube ${read.cube.name} has no counter ${name}`);
  return agg.counters[i]!;
}
