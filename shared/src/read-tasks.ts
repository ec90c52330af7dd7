import { z } from 'zod';
import { MAX_TASK_NAME_LENGTH } from './constants.js';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { rangeQueryFields, SERIES_INTERVALS } from './read-query.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/metrics/tasks — task success: per task its runs and how they ended, time on task, the
// same over time and by segment, and the score of answers given after a success against after a
// failure. Runs count in the hour they started (docs/tasks.md).

/** What a task's figures may be broken down by (`groupBy`). */
export const TASK_GROUP_BYS = ['path', 'device', 'browser', 'language'] as const;
export type TaskGroupBy = (typeof TASK_GROUP_BYS)[number];

export const tasksQuerySchema = z.strictObject({
  ...rangeQueryFields,
  interval: z
    .enum(SERIES_INTERVALS)
    .optional()
    .meta({
      description:
        'Buckets of each task’s series in `tz` (weeks start on Monday). Default from the range, as in ' +
        '/v1/metrics/timeseries: hour up to 2 days, day up to 92 days, week up to 366 days, month beyond.',
    }),
  task: z.string().min(1).max(MAX_TASK_NAME_LENGTH).optional().meta({
    description: 'Only this task, e.g. checkout. A task never seen answers an empty list, not an error.',
  }),
  groupBy: z.enum(TASK_GROUP_BYS).optional().meta({
    description: 'Also break each task down by the page it started on, or the visitor’s device, browser or language',
  }),
  ...segmentFilterFields,
  ...audienceFilterFields,
});
export type TasksQuery = z.input<typeof tasksQuerySchema>;

const count = z.number().int().nonnegative();
const nullablePct = z.number().nullable().meta({ description: 'Percent, 0–100, two decimals; null without runs' });
const nullableMs = z.number().nullable();

/** How runs ended: the figures every row of the answer (task, group, bucket) has. */
export const taskRunCountsShape = {
  started: count.meta({ description: 'Runs started (a start while the task was already open in the session is none)' }),
  succeeded: count.meta({ description: 'Of those, ended by `success`' }),
  failed: count.meta({ description: 'Of those, ended by `fail`' }),
  abandoned: count.meta({
    description: 'Of those, with no outcome when their session ended (30 minutes idle or 24 hours)',
  }),
  inProgress: count.meta({ description: 'Of those, with no outcome yet in a session still going on' }),
  successRate: nullablePct.meta({
    description: 'succeeded ÷ (succeeded + failed + abandoned) × 100: runs still in progress are not counted',
  }),
};

export const taskTimeShape = {
  medianMs: nullableMs.meta({
    description: 'Median time on task: start to success, in ms (2 % relative error); null without successes',
  }),
  p75Ms: nullableMs.meta({ description: '75th percentile of the time on task, in ms; null without successes' }),
};

const afterScoreSchema = z
  .object({
    responses: count.meta({ description: 'Answers of this kind' }),
    score: z.number().nullable().meta({
      description: 'NPS (−100–100), CSAT (% answering 4–5) or CES (mean on 1–7) of those answers; null without any',
    }),
  })
  .meta({ id: 'TaskAfterScore' });

const afterKindsSchema = z.object({ nps: afterScoreSchema, csat: afterScoreSchema, ces: afterScoreSchema });

export const taskPointSchema = z.object({
  period: z.string().meta({
    description: 'The bucket: its first local date (day, week, month) or its local start with offset (hour)',
  }),
  from: z.string().meta({ description: 'Start of the bucket (inclusive, UTC)' }),
  to: z.string().meta({ description: 'End of the bucket (exclusive, UTC)' }),
  ...taskRunCountsShape,
});

export const taskGroupSchema = z.object({
  value: z.string().meta({ description: 'The group’s path, device, browser or language (empty: unknown)' }),
  ...taskRunCountsShape,
  ...taskTimeShape,
});

export const taskFiguresSchema = z
  .object({
    task: z.string().meta({ description: 'The task’s name as the site sent it (scrubbed)' }),
    ...taskRunCountsShape,
    ...taskTimeShape,
    scoreAfter: z.object({ success: afterKindsSchema, fail: afterKindsSchema }).meta({
      description:
        'Answers given in the same session after the run ended, by how it ended: each answer counts under ' +
        'the latest run of the task that ended before it (runs started in the range, filtered alike)',
    }),
    series: z.array(taskPointSchema).meta({ description: 'One point per bucket, in order, empty buckets included' }),
    groups: z.array(taskGroupSchema).optional().meta({ description: 'With `groupBy`: per value, most runs first' }),
  })
  .meta({ id: 'TaskFigures' });
export type TaskFigures = z.infer<typeof taskFiguresSchema>;

export const tasksResponseSchema = z
  .object({
    interval: z.enum(SERIES_INTERVALS),
    range: rangeEchoSchema,
    tasks: z.array(taskFiguresSchema).meta({ description: 'Every task with runs in the range, most runs first' }),
  })
  .meta({
    example: {
      interval: 'day',
      range: { from: '2024-03-03T23:00:00.000Z', to: '2024-03-04T23:00:00.000Z', tz: 'Europe/Copenhagen' },
      tasks: [
        {
          task: 'checkout',
          started: 120,
          succeeded: 84,
          failed: 12,
          abandoned: 20,
          inProgress: 4,
          successRate: 72.41,
          medianMs: 94_210,
          p75Ms: 151_880,
          scoreAfter: {
            success: {
              nps: { responses: 31, score: 41.94 },
              csat: { responses: 0, score: null },
              ces: { responses: 0, score: null },
            },
            fail: {
              nps: { responses: 6, score: -50 },
              csat: { responses: 0, score: null },
              ces: { responses: 0, score: null },
            },
          },
          series: [
            {
              period: '2024-03-04',
              from: '2024-03-03T23:00:00.000Z',
              to: '2024-03-04T23:00:00.000Z',
              started: 120,
              succeeded: 84,
              failed: 12,
              abandoned: 20,
              inProgress: 4,
              successRate: 72.41,
            },
          ],
        },
      ],
    },
  });
export type TasksResponse = z.infer<typeof tasksResponseSchema>;
