import { z } from 'zod';
import {
  CLICK_KINDS,
  ERROR_SOURCES,
  MAX_CLICK_TEXT_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_ENGAGEMENT_MS,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_TYPE_LENGTH,
  MAX_ID_LENGTH,
  MAX_LANGUAGE_LENGTH,
  MAX_NAVIGATION_TYPE_LENGTH,
  MAX_PATH_LENGTH,
  MAX_SELECTOR_LENGTH,
  MAX_STACK_FRAMES,
  MAX_STACK_LINE_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_TRACK_NAME_LENGTH,
  MAX_TRACK_PROP_KEY_LENGTH,
  MAX_TRACK_PROP_VALUE_LENGTH,
  MAX_TRACK_PROPS,
  MAX_URL_LENGTH,
  MAX_VIEWPORT_PX,
  NAVIGATION_KINDS,
  PROMPT_KINDS,
  SCORE_RANGES,
  VITAL_NAMES,
  VITAL_RATINGS,
} from './constants.js';

const boundedString = (max: number) => z.string().max(max);
const px = z.number().int().min(-MAX_VIEWPORT_PX).max(MAX_VIEWPORT_PX);

/** Fields every event carries. `ts` is the client clock in epoch milliseconds. */
const eventBase = {
  id: z.uuid(),
  ts: z.number().int().nonnegative(),
  sessionId: boundedString(MAX_ID_LENGTH).min(1),
  visitorId: boundedString(MAX_ID_LENGTH).min(1).optional(),
  url: boundedString(MAX_URL_LENGTH),
  path: boundedString(MAX_PATH_LENGTH).startsWith('/'),
  referrer: boundedString(MAX_URL_LENGTH).optional(),
  title: boundedString(MAX_TITLE_LENGTH).optional(),
  viewport: z.object({ w: px.nonnegative(), h: px.nonnegative() }).optional(),
  language: boundedString(MAX_LANGUAGE_LENGTH).optional(),
};

export const pageviewEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal('pageview'),
  nav: z.enum(NAVIGATION_KINDS).default('load'),
});

export const engagementEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal('engagement'),
  engagedMs: z.number().int().min(0).max(MAX_ENGAGEMENT_MS),
  /** Maximum scroll depth reached on this page view, in percent. */
  scrollDepth: z.number().min(0).max(100),
});

export const clickEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal('click'),
  /** `click` is an ordinary click; the others are the frustration signals of docs/signals.md. */
  kind: z.enum(CLICK_KINDS),
  selector: boundedString(MAX_SELECTOR_LENGTH),
  tag: boundedString(MAX_TAG_LENGTH),
  text: boundedString(MAX_CLICK_TEXT_LENGTH).optional(),
  /** Page coordinates of the (last) click. */
  x: px,
  y: px,
  /** Position relative to the target's box, so heatmaps survive layout shifts. */
  rx: px.optional(),
  ry: px.optional(),
  /** Clicks in a rage burst. */
  count: z.number().int().min(1).max(10_000).optional(),
});

export const stackFrameSchema = z.strictObject({
  fn: boundedString(MAX_STACK_LINE_LENGTH).optional(),
  file: boundedString(MAX_STACK_LINE_LENGTH).optional(),
  line: z.number().int().nonnegative().optional(),
  col: z.number().int().nonnegative().optional(),
});

export const errorEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal('error'),
  source: z.enum(ERROR_SOURCES),
  errorType: boundedString(MAX_ERROR_TYPE_LENGTH),
  message: boundedString(MAX_ERROR_MESSAGE_LENGTH),
  frames: z.array(stackFrameSchema).max(MAX_STACK_FRAMES).optional(),
  /** For `source: 'resource'`: the element that failed to load. */
  resource: z
    .strictObject({ tag: boundedString(MAX_TAG_LENGTH), url: boundedString(MAX_URL_LENGTH) })
    .optional(),
});

export const vitalEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal('vital'),
  name: z.enum(VITAL_NAMES),
  value: z.number().min(0).max(3_600_000),
  rating: z.enum(VITAL_RATINGS),
  navigationType: boundedString(MAX_NAVIGATION_TYPE_LENGTH).optional(),
});

const propValue = z.union([
  boundedString(MAX_TRACK_PROP_VALUE_LENGTH),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

export const trackEventSchema = z.strictObject({
  ...eventBase,
  type: z.literal('track'),
  name: boundedString(MAX_TRACK_NAME_LENGTH).min(1),
  props: z
    .record(boundedString(MAX_TRACK_PROP_KEY_LENGTH), propValue)
    .refine((p) => Object.keys(p).length <= MAX_TRACK_PROPS, {
      message: `at most ${MAX_TRACK_PROPS} props`,
    })
    .optional(),
});

const promptRef = {
  promptId: boundedString(MAX_ID_LENGTH).min(1),
  /** One display of one prompt to one visitor; at most one response per display. */
  displayId: z.uuid(),
};

export const promptShownEventSchema = z.strictObject({
  ...eventBase,
  ...promptRef,
  type: z.literal('prompt_shown'),
});

export const promptDismissedEventSchema = z.strictObject({
  ...eventBase,
  ...promptRef,
  type: z.literal('prompt_dismissed'),
});

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
    score: z.number().int(),
    comment: boundedString(MAX_COMMENT_LENGTH).optional(),
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
  });

export const eventSchema = z.discriminatedUnion('type', [
  pageviewEventSchema,
  engagementEventSchema,
  clickEventSchema,
  errorEventSchema,
  vitalEventSchema,
  trackEventSchema,
  promptShownEventSchema,
  promptDismissedEventSchema,
  responseEventSchema,
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
export type PromptShownEvent = EventOf<'prompt_shown'>;
export type PromptDismissedEvent = EventOf<'prompt_dismissed'>;
export type ResponseEvent = EventOf<'response'>;
export type StackFrame = z.infer<typeof stackFrameSchema>;
