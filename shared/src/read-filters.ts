import { z } from 'zod';
import {
  DEVICE_CLASSES,
  MAX_LANGUAGE_LENGTH,
  MAX_PATH_LENGTH,
  MAX_TRAIT_KEY_LENGTH,
  MAX_TRAIT_VALUE_LENGTH,
  MAX_TRAITS,
  TRAIT_PARAM_PREFIX,
} from './constants.js';

// Segment filters of the read API: who the visitor is (device, browser, language) and where they
// were (path). Every route that can narrow its figures by them takes the same query parameters,
// so a dashboard sends one filter set to every view; each route's description says what a filter
// means for each of its figures, and a route that cannot answer a filter does not accept it (400).
// Filters combine with AND. Who the customer is (their traits, new or returning) is the audience:
// AudienceFilters below, taken by the routes that can answer it.

/** Every segment filter, in the order the documentation lists them. */
export const SEGMENT_FILTERS = ['path', 'device', 'browser', 'language'] as const;
export type SegmentFilterName = (typeof SEGMENT_FILTERS)[number];

/** Browser families are bowser's lower-case names ('chrome', 'safari', 'microsoft edge', 'other'). */
export const MAX_BROWSER_LENGTH = 64;

export const segmentFilterFields = {
  // Examples go in the descriptions: /docs fills an `example` in, and a filter filled in by
  // default would narrow every call made there.
  path: z.string().startsWith('/').max(MAX_PATH_LENGTH).optional().meta({
    description: 'Exact page path, e.g. /checkout. What it narrows differs per figure: see the route description.',
  }),
  device: z.enum(DEVICE_CLASSES).optional().meta({ description: 'Device class of the visitor' }),
  browser: z
    .string()
    .min(1)
    .max(MAX_BROWSER_LENGTH)
    .transform((s) => s.toLowerCase())
    .optional()
    .meta({ description: 'Browser family, as the browser breakdown names it (case-insensitive), e.g. safari' }),
  language: z.string().max(MAX_LANGUAGE_LENGTH).optional().meta({
    description: 'Language tag as the widget sent it, e.g. en-GB (empty: unknown)',
  }),
};

/** The filters of one request, parsed. A missing member does not narrow anything. */
export interface SegmentFilters {
  path?: string | undefined;
  device?: (typeof DEVICE_CLASSES)[number] | undefined;
  browser?: string | undefined;
  language?: string | undefined;
}

/** The segment filters out of a parsed query (which may hold other parameters too). */
export function segmentFiltersOf(q: SegmentFilters): SegmentFilters {
  const out: SegmentFilters = {};
  for (const name of SEGMENT_FILTERS) if (q[name] !== undefined) (out as Record<string, string>)[name] = q[name];
  return out;
}

// ---- Audience: customer traits and new vs returning ------------------------------------------------

/**
 * `trait.<name>=<value>`: answers, sessions or events of customers whose trait `<name>` was
 * `<value>` (as text: `true`, `42`). Several combine with AND. A route that takes them says so
 * in its description; the server reads them off the query string before validation (their names
 * are the site's own, so no schema can list them), and an unknown name narrows to nothing.
 */
export interface TraitFilter {
  key: string;
  value: string;
}

/** Who: the customer's traits and whether the visitor was new or returning. Empty: everyone. */
export interface AudienceFilters {
  traits: TraitFilter[];
  /** true: returning visitors only (their visitor had an earlier session); false: new ones only. */
  returning?: boolean | undefined;
}

export const RETURNING_VALUES = ['true', 'false'] as const;

export const audienceFilterFields = {
  returning: z
    .enum(RETURNING_VALUES)
    .optional()
    .meta({
      description:
        'true: only returning visitors (their visitor had an earlier session); false: only new ones ' +
        '(a visitor without a visitor id, under Do Not Track or GPC, counts as new)',
    }),
};

/** What parseTraitParams found wrong: the parameter it names and why. */
export interface TraitParamError {
  param: string;
  message: string;
}

/**
 * The `trait.<name>` parameters of a raw query string object (as the HTTP server parsed it), in
 * order, or the first problem: a repeated parameter, an empty or oversize name or value, or more
 * than MAX_TRAITS of them. Other parameters are left alone.
 */
export function parseTraitParams(query: Readonly<Record<string, unknown>>): TraitFilter[] | TraitParamError {
  const out: TraitFilter[] = [];
  for (const param of Object.keys(query)) {
    if (!param.startsWith(TRAIT_PARAM_PREFIX)) continue;
    const key = param.slice(TRAIT_PARAM_PREFIX.length);
    const value = query[param];
    if (key.length === 0 || key.length > MAX_TRAIT_KEY_LENGTH) {
      return { param, message: `a trait name is 1–${MAX_TRAIT_KEY_LENGTH} characters` };
    }
    if (typeof value !== 'string') return { param, message: 'give one value per trait' };
    if (value.length > MAX_TRAIT_VALUE_LENGTH) {
      return { param, message: `a trait value is at most ${MAX_TRAIT_VALUE_LENGTH} characters` };
    }
    if (out.length === MAX_TRAITS) return { param, message: `at most ${MAX_TRAITS} trait filters` };
    out.push({ key, value });
  }
  return out;
}

/** `returning` of a parsed query ('true' | 'false' | undefined) as the filter's boolean. */
export function returningOf(q: { returning?: (typeof RETURNING_VALUES)[number] | undefined }): boolean | undefined {
  return q.returning === undefined ? undefined : q.returning === 'true';
}

/** A grouping by a trait: `trait.<name>` where a route's `groupBy` (or `by`) takes one. */
export const traitGroupSchema = z
  .string()
  .startsWith(TRAIT_PARAM_PREFIX)
  .min(TRAIT_PARAM_PREFIX.length + 1)
  .max(TRAIT_PARAM_PREFIX.length + MAX_TRAIT_KEY_LENGTH)
  .meta({ description: 'A trait: trait.<name>, e.g. trait.plan' });

/** The trait a `trait.<name>` grouping names, or undefined for any other grouping. */
export function traitOfGroup(group: string | undefined): string | undefined {
  return group?.startsWith(TRAIT_PARAM_PREFIX) ? group.slice(TRAIT_PARAM_PREFIX.length) : undefined;
}

/** The text a trait value is stored and filtered as. */
export function traitText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}
