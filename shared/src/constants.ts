// Every limit, path and threshold of the wire contract and of the page signals, in one place.
// This file has no imports: the widget bundles it, so it must stay dependency-free.
// What each threshold means and where it comes from (PostHog, Sentry, GA4, Plausible, web.dev):
// docs/signals.md.

// ---- HTTP surface -------------------------------------------------------------------------------
export const COLLECT_PATH = '/v1/collect';
export const CONFIG_PATH = '/v1/config';
export const WIDGET_PATH = '/widget.js';
export const PUBLIC_KEY_PREFIX = 'pk_';
export const SECRET_KEY_PREFIX = 'sk_';

// ---- Batch envelope limits ----------------------------------------------------------------------
/** sendBeacon refuses bodies over 64 KiB in Chromium, so the server matches that ceiling. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_EVENTS_PER_BATCH = 100;
export const MAX_KEY_LENGTH = 64;

// ---- String and array bounds of every event -----------------------------------------------------
export const MAX_ID_LENGTH = 64;
export const MAX_URL_LENGTH = 2048;
/** Allowed origins per site. */
export const MAX_SITE_ORIGINS = 100;
export const MAX_PATH_LENGTH = 1024;
export const MAX_TITLE_LENGTH = 512;
export const MAX_LANGUAGE_LENGTH = 35; // BCP 47 tags are practically never longer
export const MAX_SELECTOR_LENGTH = 1024;
export const MAX_TAG_LENGTH = 32;
/** PostHog autocapture truncates element text at 255 characters. */
export const MAX_CLICK_TEXT_LENGTH = 255;
export const MAX_ERROR_MESSAGE_LENGTH = 1024;
export const MAX_ERROR_TYPE_LENGTH = 128;
/** Sentry keeps 50 frames; lines are cut at 1024 characters (minified bundles have huge lines). */
export const MAX_STACK_FRAMES = 50;
export const MAX_STACK_LINE_LENGTH = 1024;
export const MAX_TRACK_NAME_LENGTH = 128;
/** A site's release label (`data-release`): a version, tag or commit, e.g. 2024.03.1 or 9f1c2ab. */
export const MAX_RELEASE_LENGTH = 64;
export const MAX_TRACK_PROPS = 20;
export const MAX_TRACK_PROP_KEY_LENGTH = 64;
export const MAX_TRACK_PROP_VALUE_LENGTH = 512;
/** A task's name (`loupe('task', name, action)`): as long as a goal's (the same `name` member, scrubbed and cut alike). */
export const MAX_TASK_NAME_LENGTH = MAX_TRACK_NAME_LENGTH;
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_NAVIGATION_TYPE_LENGTH = 32;
/** Events older than this (or this far in the future) are clock garbage, not data. */
export const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_EVENT_FUTURE_MS = 24 * 60 * 60 * 1000;
export const MAX_VIEWPORT_PX = 100_000;

// ---- Sessions (GA4, PostHog, Clarity, Plausible) ------------------------------------------------
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_MAX_MS = 24 * 60 * 60 * 1000;

// ---- Engagement, scroll and bounce (Plausible, GA4) ---------------------------------------------
export const ENGAGEMENT_MIN_SEND_MS = 3000;
export const ENGAGED_SESSION_MIN_MS = 10_000;
export const ENGAGED_SESSION_MIN_PAGEVIEWS = 2;
export const MAX_ENGAGEMENT_MS = SESSION_MAX_MS;

// ---- Clicks (PostHog autocapture / $rageclick / dead clicks, Datadog) ----------------------------
export const RAGE_CLICK_MIN_COUNT = 3;
export const RAGE_CLICK_INTERVAL_MS = 1000;
export const RAGE_CLICK_RADIUS_PX = 30;
export const DEAD_CLICK_MUTATION_WINDOW_MS = 2500;
export const DEAD_CLICK_SCROLL_SELECTION_WINDOW_MS = 100;
export const DEAD_CLICK_NAVIGATION_WINDOW_MS = 1000;
/** Ours: Datadog links errors to the preceding click without publishing a window. */
export const ERROR_CLICK_WINDOW_MS = 1000;

// ---- JS errors and flood control (Sentry, PostHog, Clarity) -------------------------------------
export const ERROR_BUCKET_CAPACITY = 10;
export const ERROR_BUCKET_REFILL_MS = 10_000;
export const MAX_SAME_ERROR_PER_PAGEVIEW = 5;

// ---- Web Vitals thresholds (web.dev): [good upper bound, poor lower bound] ----------------------
export const VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export const VITAL_THRESHOLDS = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
} as const satisfies Record<(typeof VITAL_NAMES)[number], readonly [number, number]>;
export const VITAL_RATINGS = ['good', 'needs-improvement', 'poor'] as const;

// ---- Transport -----------------------------------------------------------------------------------
export const FLUSH_INTERVAL_MS = 3000;
export const FLUSH_MAX_EVENTS = 50;
export const FLUSH_MAX_BYTES = 16 * 1024;
/** Chromium rejects keepalive fetches once the in-flight keepalive total passes 64 KiB. */
export const KEEPALIVE_MAX_INFLIGHT_BYTES = 60_000;
export const BEACON_MAX_BYTES = 64 * 1024;
export const RETRY_BASE_MS = 3000;
export const RETRY_JITTER = 0.25;
export const RETRY_MAX_MS = 5 * 60 * 1000;
/** When a 429 carries no Retry-After header. */
export const RETRY_AFTER_DEFAULT_MS = 60_000;
/** Bounded persistence: unsent prompt answers kept in localStorage across reloads. */
export const MAX_PERSISTED_EVENTS = 200;
/** Best-effort in-memory queue for signals; the oldest are dropped past this. */
export const MAX_QUEUED_EVENTS = 1000;

// ---- Prompts -------------------------------------------------------------------------------------
export const PROMPT_KINDS = ['nps', 'csat', 'ces'] as const;
export const SCORE_RANGES = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
} as const satisfies Record<(typeof PROMPT_KINDS)[number], readonly [number, number]>;
/** NPS: promoters 9–10, passives 7–8, detractors 0–6 (Bain & Company's definition). */
export const NPS_PROMOTER_MIN = 9;
export const NPS_DETRACTOR_MAX = 6;
/** CSAT counts 4–5 on the five-point scale as satisfied. */
export const CSAT_SATISFIED_MIN = 4;
/** CES on 1–7: 5–7 counts as "easy". */
export const CES_EASY_MIN = 5;
export const DEFAULT_GLOBAL_PROMPT_COOLDOWN_DAYS = 14;
export const PROMPTS_PATH = '/v1/prompts';
export const PROMPT_SETTINGS_PATH = '/v1/prompt-settings';
/** The statuses an owner sets: `active` prompts are shown, `paused` ones are not. */
export const PROMPT_STATUSES = ['active', 'paused'] as const;
/**
 * A stored prompt's status: also `archived`, what deleting a prompt does. An archived prompt is never
 * shown and cannot be edited, but its answers keep their prompt (name, kind) in every result.
 */
export const STORED_PROMPT_STATUSES = [...PROMPT_STATUSES, 'archived'] as const;
export const CSAT_STYLES = ['stars', 'faces'] as const;
/** Score bands a follow-up question can target: NPS has three, CSAT and CES split low/high. */
export const NPS_BANDS = ['detractor', 'passive', 'promoter'] as const;
export const LOW_HIGH_BANDS = ['low', 'high'] as const;
export const URL_MATCH_TYPES = ['exact', 'prefix', 'wildcard', 'regex'] as const;
/** once: never again after one display; until_answered: until a response; recurring: every N days. */
export const FREQUENCY_MODES = ['once', 'until_answered', 'recurring'] as const;
/** Ours: a dismissal is a clear "not now", so it waits longer than the global cooldown by default. */
export const DEFAULT_DISMISS_WAIT_DAYS = 30;
/** Prompts a site can have that are not archived (archived ones count against the next limit). */
export const MAX_PROMPTS_PER_SITE = 100;
export const MAX_ARCHIVED_PROMPTS_PER_SITE = 1000;
export const MAX_PROMPT_NAME_LENGTH = 200;
export const MAX_PROMPT_TEXT_LENGTH = 500;
export const MAX_SCALE_LABEL_LENGTH = 80;
export const MAX_PROMPT_LANGUAGES = 50;
export const MAX_URL_RULES = 50;
export const MAX_URL_RULE_LENGTH = 500;
export const MAX_PROMPT_DELAY_SECONDS = 3600;
export const MAX_PROMPT_WAIT_DAYS = 3650;
/** Targeting's `anyOf`: at most this many rule groups, of which one must hold. */
export const MAX_RULE_GROUPS = 5;
/** How a prompt looks (its `appearance`): `auto` follows the host page's own colours. */
export const PROMPT_THEMES = ['auto', 'light', 'dark'] as const;
/** Where the prompt sits: a corner, or the centre of the window over a dimmed page. */
export const PROMPT_POSITIONS = ['bottom-right', 'bottom-left', 'center'] as const;
export const MAX_PROMPT_RADIUS = 24;
export const MAX_PROMPT_FONT_LENGTH = 200;
/** GET /v1/config is cached by browsers and CDNs this long; edits reach visitors within a minute. */
export const CONFIG_MAX_AGE_SECONDS = 60;
/** Languages written right to left (primary subtags); the prompt UI mirrors its layout for them. */
export const RTL_LANGUAGES = ['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'yi', 'dv', 'ug', 'ckb'] as const;

// ---- Retention (per site; docs/retention.md) ----------------------------------------------------
/** Raw events are kept 13 months by default: a year-on-year comparison of any day still has its sessions. */
export const DEFAULT_RAW_EVENTS_DAYS = 395;
/**
 * The shortest window. The events table is what makes a retried batch idempotent (its event ids), and
 * an answer's row is what a late comment merges into: both must outlive anything ingestion still
 * accepts (events up to MAX_EVENT_AGE_MS old, MAX_EVENT_FUTURE_MS ahead), or a retry is counted twice.
 */
export const MIN_RETENTION_DAYS = Math.ceil((MAX_EVENT_AGE_MS + MAX_EVENT_FUTURE_MS) / 86_400_000);
export const MAX_RETENTION_DAYS = 3650;

// ---- Event kinds -----------------------------------------------------------------------------
export const EVENT_TYPES = [
  'pageview',
  'engagement',
  'click',
  'error',
  'vital',
  'track',
  'task',
  'prompt_shown',
  'prompt_dismissed',
  'response',
  'identify',
] as const;
/**
 * What a page says about a task: it began, or it ended well or badly. A started task that gets
 * neither before its session ends is _abandoned_: the server decides that (docs/tasks.md), so a
 * closed tab needs no last event.
 */
export const TASK_ACTIONS = ['start', 'success', 'fail'] as const;
/** How a task run ended; `abandoned` is no event but a run whose session ended without an outcome. */
export const TASK_OUTCOMES = ['success', 'fail', 'abandoned'] as const;
export const CLICK_KINDS = ['click', 'rage', 'dead', 'error'] as const;
export const ERROR_SOURCES = ['error', 'unhandledrejection', 'resource'] as const;
export const NAVIGATION_KINDS = ['load', 'push', 'replace', 'pop', 'hash'] as const;
export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop'] as const;

/** The longest text search (`q`) the response list and exports take (the dashboard's box says the same). */
export const MAX_SEARCH_LENGTH = 200;

/** The dashboard path of a shared link's view (`/app/shared/<shareId>#key=…`): the key rides in the fragment. */
export const SHARE_PATH = '/app/shared/';

// ---- Customers: identify and traits (docs/segments.md) ---------------------------------------------
/** `loupe('identify', id, traits)`: at most this many traits per call (and per filter of the read API). */
export const MAX_TRAITS = 20;
export const MAX_TRAIT_KEY_LENGTH = 64;
export const MAX_TRAIT_VALUE_LENGTH = 256;
/** A segment filter or grouping on a trait is the query parameter `trait.<name>` (`trait.plan=pro`). */
export const TRAIT_PARAM_PREFIX = 'trait.';

// ---- Link surveys --------------------------------------------------------------------------------
/** The hosted page of a prompt is `${LINK_PAGE_PATH}/<promptId>`; its answers go to `…/answers`. */
export const LINK_PAGE_PATH = '/s';
/** Where a link was sent; `link` is a public link with no signed context (or one whose context was dropped). */
export const LINK_CHANNELS = ['email', 'sms', 'qr', 'link'] as const;
/** Every answer's channel: `web` for the widget on the site's own pages, the others for the hosted page. */
export const RESPONSE_CHANNELS = ['web', ...LINK_CHANNELS] as const;
/** A link token longer than this is not read at all (its context is dropped as `oversize`). */
export const MAX_LINK_TOKEN_BYTES = 2048;
export const MAX_LINK_TRAITS = 10;
export const MAX_TOUCHPOINT_LENGTH = 64;
export const MAX_CUSTOMER_ID_LENGTH = 128;
export const MAX_LINK_TRAIT_KEY_LENGTH = 64;
export const MAX_LINK_TRAIT_VALUE_LENGTH = 256;
/** Why a token's context was dropped while its answer was kept. */
export const LINK_CONTEXT_FLAGS = [
  'tampered',
  'expired',
  'wrong_site',
  'wrong_prompt',
  'oversize',
  'malformed',
] as const;

/** Journeys: an answer's journey keeps its session's last page steps, at most this many. */
export const MAX_JOURNEY_DEPTH = 5;
/** Page groups: how many one site may define, and the longest name. */
export const MAX_PAGE_GROUPS_PER_SITE = 50;
export const MAX_PAGE_GROUP_NAME_LENGTH = 80;

/** GET /v1/metrics/retention: the most cohorts one answer holds (a year of weeks, four years of months). */
export const MAX_RETENTION_COHORTS = 53;
