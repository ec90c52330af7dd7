import {
  journeysQuerySchema,
  journeysResponseSchema,
  segmentFiltersOf,
  touchpointsQuerySchema,
  touchpointsResponseSchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { listPageGroups } from '../page-groups/page-groups-store.js';
import { readJourneys } from './journeys-store.js';
import { readTouchpoints } from './touchpoints-store.js';

const SEGMENT_NOTE =
  'device, browser and language narrow the answers to those given by such visitors (the segment at the time of the ' +
  'answer). Who answered: `trait.<name>=<value>` (the traits `identify` gave the answer’s session before it was ' +
  'given; several combine with AND, at most 20; an unknown name matches nothing) and `returning=true|false` (new vs ' +
  'returning visitors).';

export const journeysRoutes: FastifyPluginAsyncZod = async (app) => {
  // An audience read from its answers: past the threshold from a fixed sample, unless exact=true.
  const samplingOf = (q: { exact?: 'true' | 'false' | undefined }) => ({
    exact: q.exact === 'true',
    threshold: app.config.funnels.sampleThreshold,
  });

  app.get(
    '/v1/insights/journeys',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('insights'),
        summary: 'The paths that led to answers of one score band, against another band',
        description:
          'A journey is the last `depth` page steps of the session before the answer (a reload of the same page is ' +
          'one step; the last step is the page the answer was given on). Lists the journeys most common among the ' +
          "answers of `segment`, each with its count, mean score and share of the band's answers, against the " +
          'same journey’s share among `compareTo`: a positive lift means the path is over-represented in the band. ' +
          'Answers without a page view before them (link surveys, visitors who send no page views) have no journey. ' +
          SEGMENT_NOTE,
        querystring: journeysQuerySchema,
        response: { 200: journeysResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const siteId = authenticatedSite(request).siteId;
      const audience = audienceOf(request, q);
      return readJourneys(app.db.$client, siteId, q, segmentFiltersOf(q), audience, resolveRange(q), samplingOf(q));
    },
  );

  app.get(
    '/v1/insights/touchpoints',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('insights'),
        summary: 'Scores per touchpoint: per page group, and per page outside any group',
        description:
          'The page an answer was given on, grouped by the site’s page groups (`/v1/page-groups`, applied when ' +
          'read, so a new or changed group covers past answers too). A page belongs to the first group that ' +
          `matches it; pages in no group are listed on their own, most answered first. ${SEGMENT_NOTE}`,
        querystring: touchpointsQuerySchema,
        response: { 200: touchpointsResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const { siteId } = authenticatedSite(request);
      const groups = listPageGroups(app.db, siteId);
      const audience = audienceOf(request, q);
      const range = resolveRange(q);
      return readTouchpoints(app.db.$client, siteId, q, segmentFiltersOf(q), audience, groups, range, samplingOf(q));
    },
  );
};
