import { z } from 'zod';
import { DEVICE_CLASSES, MAX_ID_LENGTH, MAX_LANGUAGE_LENGTH, MAX_PATH_LENGTH, PROMPT_KINDS } from './constants.js';

// Query-string building blocks of the read API (secret key): date ranges, time zones, filters.
// Query strings are strict: a misspelt parameter is a 400, never silently ignored.

/** The longest range one request may cover (two years and a leap day). */
export const MAX_RANGE_DAYS = 731;
export const DEFAULT_RANGE_DAYS = 30;
export const SCORE_INTERVALS = ['day', 'week', 'month'] as const;
/** Series by day are limited to a year; use week or month beyond that. */
export const MAX_DAY_SERIES_DAYS = 366;
/** Buckets of the traffic series and sparklines: hours only for short ranges. */
export const SERIES_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];
/** Series by hour are limited to a week (and the hour a DST change adds). */
export const MAX_HOUR_SERIES_DAYS = 7;

/**
 * The interval a series uses when none is asked for, from the length of the range (ms): hours up
 * to two days (today, yesterday), days up to three months (7 d, 30 d, this month), weeks up to a
 * year (12 months), months beyond. An hour of slack absorbs the 25-hour day of a DST change.
 */
export function defaultSeriesInterval(rangeMs: number): SeriesInterval {
  const days = (rangeMs - 3_600_000) / 86_400_000;
  return days <= 2 ? 'hour' : days <= 92 ? 'day' : days <= MAX_DAY_SERIES_DAYS ? 'week' : 'month';
}
export const SCORE_GROUP_BYS = ['prompt', 'path', 'device', 'browser', 'language', 'channel', 'touchpoint'] as const;
export const RESPONSE_SEGMENTS = ['promoter', 'passive', 'detractor'] as const;
export const RESPONSE_STATUSES = ['open', 'resolved'] as const;
export const FRUSTRATION_CLICK_KINDS = ['rage', 'dead', 'error'] as const;
export const FRICTION_TYPES = ['rage', 'dead', 'errorClick', 'jsError'] as const;

/**
 * Segments on every scale (NPS: Bain's 0–6 / 7–8 / 9–10; CSAT and CES split symmetrically around
 * their neutral point). "Detractor" answers with a comment are what the complaint rate counts.
 */
export const SEGMENT_RANGES = {
  nps: { detractor: [0, 6], passive: [7, 8], promoter: [9, 10] },
  csat: { detractor: [1, 2], passive: [3, 3], promoter: [4, 5] },
  ces: { detractor: [1, 3], passive: [4, 4], promoter: [5, 7] },
} as const;

const knownZones = new Set<string>();

/** Whether Intl knows the zone; valid names are remembered (there are only a few hundred). */
export function isTimeZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return false;
  }
  if (knownZones.size < 1000) knownZones.add(tz);
  return true;
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'unknown time zone: use an IANA name like Europe/Copenhagen or UTC' })
  .meta({
    description: 'IANA time zone for dates without an offset and for day/week/month buckets',
    example: 'Europe/Copenhagen',
  });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * The years a range may name. Anything else is a typo ('0026' for 2026), which Date.UTC would
 * even have read as 1926; no data is older than 1970 (epoch milliseconds) or anywhere near 2999.
 */
export const MIN_QUERY_YEAR = 1970;
export const MAX_QUERY_YEAR = 2999;

/** The year of a value that passed the DATE or DATE_TIME pattern (both start with it). */
export const yearOf = (s: string) => Number(s.slice(0, 4));

export const dateOrDateTimeSchema = z
  .string()
  .refine((s) => DATE.test(s) || DATE_TIME.test(s), {
    message: 'must be an ISO date (2024-03-01) or date-time (2024-03-01T09:00, 2024-03-01T09:00:00Z)',
    abort: true,
  })
  .refine((s) => yearOf(s) >= MIN_QUERY_YEAR && yearOf(s) <= MAX_QUERY_YEAR, {
    message: `the year must be from ${MIN_QUERY_YEAR} to ${MAX_QUERY_YEAR}`,
  });

export const rangeQueryFields = {
  // No fixed examples: /openapi.json gives these the last 30 days when it is served.
  from: dateOrDateTimeSchema.optional().meta({
    description:
      'Start (inclusive). A date means local midnight in `tz`. Default: 29 days before today (with `to`: the last 30 days).',
  }),
  to: dateOrDateTimeSchema
    .optional()
    .meta({ description: 'End. A date is inclusive (the whole local day); a date-time is exclusive. Default: now.' }),
  tz: timeZoneSchema.default('UTC'),
};

/**
 * Dimension filters shared by the score and response routes. Examples go in the descriptions: an
 * `example` is what /docs fills in, and a filter filled in by default would narrow every call made
 * there to nothing.
 */
export const dimensionFilterFields = {
  prompt: z.string().min(1).max(MAX_ID_LENGTH).optional().meta({ description: 'Prompt id, e.g. pr_8Jk2mQ0aZ1xYb3Cd' }),
  path: z
    .string()
    .startsWith('/')
    .max(MAX_PATH_LENGTH)
    .optional()
    .meta({ description: 'Exact page path, e.g. /checkout' }),
  device: z.enum(DEVICE_CLASSES).optional(),
  language: z
    .string()
    .max(MAX_LANGUAGE_LENGTH)
    .optional()
    .meta({ description: 'Language tag as sent by the widget, e.g. en-GB' }),
};

export const promptKindSchema = z.enum(PROMPT_KINDS);

/** `?limit=` on list-like routes. */
export const limitSchema = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

/** Query booleans: true/false/1/0. */
export const queryBooleanSchema = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
