import {
  MAX_PAGE_GROUPS_PER_SITE,
  pageGroupIdParamsSchema,
  pageGroupInputSchema,
  pageGroupListSchema,
  pageGroupPatchSchema,
  pageGroupSchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { createPageGroup, deletePageGroup, listPageGroups, patchPageGroup, toPageGroup } from './page-groups-store.js';

const ERRORS = problemResponses(400, 401, 403, 404);

/**
 * A site's page groups (secret key, or a session with ?site=: viewers read, owners change). The
 * touchpoints read applies them to every stored answer, so a change takes effect on past answers too.
 */
export const pageGroupsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['page groups'];
  const config = { access: 'site' } as const;
  const found = <T>(x: T | undefined): T => {
    if (x === undefined) throw errors.notFound('page group');
    return x;
  };

  app.get(
    '/v1/page-groups',
    {
      config,
      schema: {
        tags,
        summary: "List the site's page groups",
        description: 'In matching order: a path belongs to the first group whose pattern matches it.',
        response: { 200: pageGroupListSchema, ...ERRORS },
      },
    },
    async (request) => ({ groups: listPageGroups(app.db, authenticatedSite(request).siteId).map(toPageGroup) }),
  );

  app.post(
    '/v1/page-groups',
    {
      config,
      schema: {
        tags,
        summary: 'Add a page group',
        description: `Names the pages whose path matches \`pattern\`. At most ${MAX_PAGE_GROUPS_PER_SITE} per site.`,
        body: pageGroupInputSchema,
        response: { 201: pageGroupSchema, ...ERRORS, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      const row = createPageGroup(app.db, siteId, request.body, MAX_PAGE_GROUPS_PER_SITE);
      if (row === undefined) throw errors.pageGroupLimitReached(MAX_PAGE_GROUPS_PER_SITE);
      return reply.code(201).send(toPageGroup(row));
    },
  );

  app.patch(
    '/v1/page-groups/:groupId',
    {
      config,
      schema: {
        tags,
        summary: 'Change a page group',
        params: pageGroupIdParamsSchema,
        body: pageGroupPatchSchema,
        response: { 200: pageGroupSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { siteId } = authenticatedSite(request);
      return toPageGroup(found(patchPageGroup(app.db, siteId, request.params.groupId, request.body)));
    },
  );

  app.delete(
    '/v1/page-groups/:groupId',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a page group',
        description: 'Its pages are read as pages of their own again (or fall into a later group).',
        params: pageGroupIdParamsSchema,
        response: { 204: z.null().meta({ description: 'Deleted' }), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      if (!deletePageGroup(app.db, siteId, request.params.groupId)) throw errors.notFound('page group');
      return reply.code(204).send(null);
    },
  );
};
