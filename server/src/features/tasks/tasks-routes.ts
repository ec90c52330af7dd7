import { segmentFiltersOf, tasksQuerySchema, tasksResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readTasks } from './tasks-store.js';

export const tasksRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/tasks',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Task success: runs, outcomes, time on task, over time, by segment, and the score after each outcome',
        description:
          "Tasks are what the site marks with `loupe('task', name, 'start' | 'success' | 'fail')`. Per task: runs " +
          'started in the range, how many succeeded, failed, were abandoned (no outcome before their session ended: ' +
          '30 minutes idle or 24 hours) or are still in progress, the success rate of the finished runs, and the ' +
          'median and 75th percentile time on task (start to success). A run counts in the hour it started, its ' +
          'page and visitor segment are those of its start, and the filters narrow runs by them. `series` repeats ' +
          'the counts per bucket of `interval`; `groupBy` breaks each task down by start page, device, browser or ' +
          'language. `trait.<name>=<value>` (several: AND; an unknown trait narrows to nothing) and `returning` ' +
          'narrow runs to those of sessions with that trait, or of returning (or new) visitors. `scoreAfter` compares the answers (NPS, CSAT, CES) given in the same session after a success ' +
          'with those given after a failure. A task name never seen gives an empty list.',
        querystring: tasksQuerySchema,
        response: { 200: tasksResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readTasks(
        app.db.$client,
        authenticatedSite(request).siteId,
        {
          interval: q.interval,
          task: q.task,
          groupBy: q.groupBy,
          filters: segmentFiltersOf(q),
          audience: audienceOf(request, q),
        },
        resolveRange(q),
      );
    },
  );
};
