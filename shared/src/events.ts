import { z } from 'zod';
import {
  CLICK_KINDS,
  DEVICE_CLASSES,
  ERROR_SOURCES,
  MAX_CLICK_TEXT_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_CUSTOMER_ID_LENGTH,
  MAX_ENGAGEMENT_MS,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_TYPE_LENGTH,
  MAX_ID_LENGTH,
  MAX_LANGUAGE_LENGTH,
  MAX_NAVIGATION_TYPE_LENGTH,
  MAX_PATH_LENGTH,
  MAX_RELEASE_LENGTH,
  MAX_SELECTOR_LENGTH,
  MAX_STACK_FRAMES,
  MAX_STACK_LINE_LENGTH,
  MAX_TASK_NAME_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_TRACK_NAME_LENGTH,
  MAX_TRACK_PROP_KEY_LENGTH,
  MAX_TRACK_PROP_VALUE_LENGTH,
  MAX_TRACK_PROPS,
  MAX_TRAIT_KEY_LENGTH,
  MAX_TRAIT_VALUE_LENGTH,
  MAX_TRAITS,
  MAX_URL_LENGTH,
  MAX_VIEWPORT_PX,
  NAVIGATION_KINDS,
  PROMPT_KINDS,
  SCORE_RANGES,
  TASK_ACTIONS,
  VITAL_NAMES,
  VITAL_RATINGS,
} from './constants.js';

const boundedString = (max: number) => z.string().max(max);
const px = z.number().int().min(-MAX_VIEWPORT_PX).max(MAX_VIEWPORT_PX);

// Each event schema has an `id` (its component in /openapi.json) and descriptions: they are the API
// documentation of what the widget sends. docs/signals.md defines each signal in full.

/** Fields every event carries. */
const eventBase = {
  id: z.uuid().meta({ description: 'Random id of this event; a retried event with the same id is stored once' }),
  ts: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'When it happened, by the client clock, in epoch milliseconds' }),
  sessionId: boundedString(MAX_ID_LENGTH)
    .min(1)
    .meta({ description: "The widget's session: 30 minutes idle or 24 hours at most" }),
  visitorId: boundedString(MAX_ID_LENGTH)
    .min(1)
    .optional()
    .meta({ description: 'Random id kept in localStorage; absent without consent (Do Not Track, GPC, optOut)' }),
  url: boundedString(MAX_URL_LENGTH).meta({
    description: 'The page URL, scrubbed of emails and secret-looking parameters',
  }),
  path: boundedString(MAX_PATH_LENGTH)
    .startsWith('/')
    .meta({ description: 'The page path (with the fragment under hash routing)' }),
  referrer: boundedString(MAX_URL_LENGTH).optional(),
  title: boundedString(MAX_TITLE_LENGTH).optional().meta({ description: 'document.title' }),
  viewport: z
    .object({ w: px.nonnegative(), h: px.nonnegative() })
    .optional()
    .meta({ description: 'Viewport size in CSS pixels' }),
  language: boundedString(MAX_LANGUAGE_LENGTH).optional().meta({ description: 'navigator.language', example: 'en-GB' }),
  // An unknown class is dropped, not the event: the server then files it under the User-Agent's.
  device: z
    .enum(DEVICE_CLASSES)
    .optional()
    .catch(undefined)
    .meta({
      description:
        "The visitor's device class by primary pointer and screen (the one prompt targeting uses); the server " +
        "falls back to the User-Agent's when it is absent or not one of these",
    }),
};

export const pageviewEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('pageview'),
    nav: z.enum(NAVIGATION_KINDS).default('load').meta({
      description: 'How the page came about: the load, an SPA history push/replace, back/forward, or a hash change',
    }),
    // An oversize release is dropped, not the page view (the widget's dev build warns about it).
    release: boundedString(MAX_RELEASE_LENGTH)
      .optional()
      .catch(undefined)
      .meta({
        description:
          "The site's release (`data-release`, the `release` option), sent with page views only, scrubbed: a session " +
          'keeps the one its first event brings, and error rates are read per release; one over 64 characters is dropped',
        example: '2024.03.1',
      }),
  })
  .meta({ id: 'PageviewEvent', description: 'The initial load or an SPA route change' });

export const engagementEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('engagement'),
    engagedMs: z.number().int().min(0).max(MAX_ENGAGEMENT_MS).meta({
      description: 'Visible, focused time since the page view’s previous engagement event; the server sums them',
    }),
    scrollDepth: z
      .number()
      .min(0)
      .max(100)
      .meta({ description: 'Deepest scroll reached in this page view, in percent' }),
  })
  .meta({ id: 'EngagementEvent', description: 'Time on page and scroll depth, sent when the page hides or changes' });

export const clickEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('click'),
    kind: z.enum(CLICK_KINDS).meta({
      description:
        '`click` is an ordinary click; `rage`, `dead` and `error` are the frustration signals (docs/signals.md)',
    }),
    selector: boundedString(MAX_SELECTOR_LENGTH).meta({ description: 'A stable CSS selector of the clicked element' }),
    tag: boundedString(MAX_TAG_LENGTH),
    text: boundedString(MAX_CLICK_TEXT_LENGTH).optional().meta({ description: 'Text of a link or button, scrubbed' }),
    x: px.meta({ description: 'Page coordinates of the (last) click' }),
    y: px,
    rx: px.optional().meta({ description: "Position relative to the target's box, so heatmaps survive layout shifts" }),
    ry: px.optional(),
    count: z.number().int().min(1).max(10_000).optional().meta({ description: 'Clicks in a rage burst' }),
  })
  .meta({ id: 'ClickEvent', description: 'A click, or a rage, dead or error click' });

export const stackFrameSchema = z
  .strictObject({
    fn: boundedString(MAX_STACK_LINE_LENGTH).optional(),
    file: boundedString(MAX_STACK_LINE_LENGTH).optional(),
    line: z.number().int().nonnegative().optional(),
    col: z.number().int().nonnegative().optional(),
  })
  .meta({ id: 'StackFrame', description: 'One frame of a stack trace, innermost first' });

export const errorEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('error'),
    source: z.enum(ERROR_SOURCES).meta({
      description: 'An uncaught error, an unhandled rejection, or a resource (script, image…) that failed to load',
    }),
    errorType: boundedString(MAX_ERROR_TYPE_LENGTH).meta({
      description: 'The error’s name (TypeError…), or the failed element’s tag',
    }),
    message: boundedString(MAX_ERROR_MESSAGE_LENGTH).meta({ description: 'Scrubbed' }),
    frames: z.array(stackFrameSchema).max(MAX_STACK_FRAMES).optional(),
    resource: z
      .strictObject({ tag: boundedString(MAX_TAG_LENGTH), url: boundedString(MAX_URL_LENGTH) })
      .optional()
      .meta({ description: 'For `source: resource`: the element that failed to load' }),
  })
  .meta({ id: 'ErrorEvent', description: 'A JavaScript error or a failed resource load' });

export const vitalEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('vital'),
    name: z.enum(VITAL_NAMES),
    value: z.number().min(0).max(3_600_000).meta({ description: 'Milliseconds; CLS is unitless' }),
    rating: z.enum(VITAL_RATINGS).meta({ description: "web.dev's thresholds for the metric" }),
    navigationType: boundedString(MAX_NAVIGATION_TYPE_LENGTH).optional(),
  })
  .meta({
    id: 'VitalEvent',
    description: 'A Core Web Vital (or TTFB, FCP) of the page view, as web-vitals reports it',
  });

const propValue = z.union([boundedString(MAX_TRACK_PROP_VALUE_LENGTH), z.number().finite(), z.boolean(), z.null()]);

export const trackEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('track'),
    name: boundedString(MAX_TRACK_NAME_LENGTH)
      .min(1)
      .meta({ description: 'The goal: a session that tracks it converts' }),
    props: z
      .record(boundedString(MAX_TRACK_PROP_KEY_LENGTH), propValue)
      .refine((p) => Object.keys(p).length <= MAX_TRACK_PROPS, {
        message: `at most ${MAX_TRACK_PROPS} props`,
      })
      .optional()
      .meta({ description: `Up to ${MAX_TRACK_PROPS} flat properties: strings, numbers, booleans or null` }),
  })
  .meta({ id: 'TrackEvent', description: "loupe('track', name, props): a custom event, counted as a goal" });

/** One trait's value: text, a finite number or a boolean (stored and filtered on as text: `true`, `42`). */
export const traitValueSchema = z.union([
  boundedString(MAX_TRAIT_VALUE_LENGTH),
  z.number().finite(),
  z.boolean(),
  z.null().meta({ description: 'No value: the trait is left out' }),
]);

/** A customer's traits: at most MAX_TRAITS flat values by name. */
export const traitsSchema = z
  .record(boundedString(MAX_TRAIT_KEY_LENGTH).min(1), traitValueSchema)
  .refine((t) => Object.keys(t).length <= MAX_TRAITS, { message: `at most ${MAX_TRAITS} traits` })
  .meta({
    description: `Up to ${MAX_TRAITS} traits (plan, customer type, country…): strings, finite numbers or booleans`,
    example: { plan: 'pro', customerType: 'business', seats: 12 },
  });
export type Traits = z.infer<typeof traitsSchema>;

export const identifyEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('identify'),
    customerId: boundedString(MAX_CUSTOMER_ID_LENGTH).min(1).optional().meta({
      description: "The site's own (pseudonymous) customer id, scrubbed; absent: the customer is forgotten",
    }),
    traits: traitsSchema.optional(),
  })
  .meta({
    id: 'IdentifyEvent',
    description:
      "loupe('identify', customerId, traits): who the visitor is. The session takes the customer id and the traits " +
      '(replacing earlier ones), and so does every answer given after it. Without customerId the call keeps the ' +
      "session's customer and replaces its traits (data-loupe-traits); without customerId and traits both are " +
      'cleared. Each is the newest call’s by `ts`: a call older than the one that set it changes nothing.',
  });

export const taskEventSchema = z
  .strictObject({
    ...eventBase,
    type: z.literal('task'),
    // Trimmed here, not in the widget (bytes): '  checkout ' is checkout, and a blank name is refused.
    name: z
      .string()
      .trim()
      .min(1)
      .max(MAX_TASK_NAME_LENGTH)
      .meta({ description: 'The task, named by the site (e.g. checkout); one run per session at a time' }),
    action: z.enum(TASK_ACTIONS).meta({
      description:
        '`start` opens a run of the task in this session (a second start while one is open is ignored); ' +
        '`success` or `fail` ends the open run. A run with no outcome when its session ends is abandoned.',
    }),
  })
  .meta({ id: 'TaskEvent', description: "loupe('task', name, action): a task started, succeeded or failed" });

const promptRef = {
  promptId: boundedString(MAX_ID_LENGTH).min(1),
  displayId: z
    .uuid()
    .meta({ description: 'One display of one prompt to one visitor; at most one response per display' }),
};

export const promptShownEventSchema = z
  .strictObject({
    ...eventBase,
    ...promptRef,
    type: z.literal('prompt_shown'),
  })
  .meta({ id: 'PromptShownEvent', description: 'A prompt was displayed' });

export const promptDismissedEventSchema = z
  .strictObject({
    ...eventBase,
    ...promptRef,
    type: z.literal('prompt_dismissed'),
  })
  .meta({ id: 'PromptDismissedEvent', description: 'A prompt was closed without an answer' });

/**
 * The score is sent the moment it is chosen; a comment typed afterwards arrives as a second
 * `response` event with the same `displayId` and is merged into the same stored response.
 */
export const responseEventSchema = z
  .strictObject({
    ...eventBase,
    ...promptRef,
    type: z.literal('response'),
    kind: z.enum(PROMPT_KINDS),
    score: z.number().int().meta({ description: 'NPS 0–10, CSAT 1–5, CES 1–7' }),
    comment: boundedString(MAX_COMMENT_LENGTH).optional().meta({ description: 'The optional comment, scrubbed' }),
  })
  .superRefine((e, ctx) => {
    const [min, max] = SCORE_RANGES[e.kind];
    if (e.score < min || e.score > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `${e.kind} score must be between ${min} and ${max}`,
      });
    }
  })
  .meta({
    id: 'ResponseEvent',
    description: 'An answer to a prompt; a later event of the same display (the comment, a changed score) updates it',
  });

/** One event of a batch, by its `type`. */
export const eventSchema = z.discriminatedUnion('type', [
  pageviewEventSchema,
  engagementEventSchema,
  clickEventSchema,
  errorEventSchema,
  vitalEventSchema,
  trackEventSchema,
  taskEventSchema,
  promptShownEventSchema,
  promptDismissedEventSchema,
  responseEventSchema,
  identifyEventSchema,
]);

export type LoupeEvent = z.infer<typeof eventSchema>;
/** What the widget builds: the schema's input (defaults not yet applied). */
export type LoupeEventInput = z.input<typeof eventSchema>;
export type EventType = LoupeEvent['type'];
export type EventOf<T extends EventType> = Extract<LoupeEvent, { type: T }>;
export type PageviewEvent = EventOf<'pageview'>;
export type EngagementEvent = EventOf<'engagement'>;
export type ClickEvent = EventOf<'click'>;
export type ErrorEvent = EventOf<'error'>;
export type VitalEvent = EventOf<'vital'>;
export type TrackEvent = EventOf<'track'>;
export type TaskEvent = EventOf<'task'>;
export type PromptShownEvent = EventOf<'prompt_shown'>;
export type PromptDismissedEvent = EventOf<'prompt_dismissed'>;
export type ResponseEvent = EventOf<'response'>;
export type IdentifyEvent = EventOf<'identify'>;
export type StackFrame = z.infer<typeof stackFrameSchema>;
