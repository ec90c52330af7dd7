import {
  createUserBodySchema,
  MAX_ID_LENGTH,
  setPasswordBodySchema,
  userListingSchema,
  userListSchema,
  type UserListing,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { findSiteById } from '../sites/sites-store.js';
import { hashPassword } from './password-hash.js';
import {
  countOwners,
  createUser,
  DuplicateEmailError,
  findUserById,
  findUserListing,
  grantSite,
  listUsers,
  removeUser,
  revokeSite,
  setPasswordHash,
} from './users-store.js';

const id = z.string().min(1).max(MAX_ID_LENGTH);
const userParams = z.object({ userId: id });
const grantParams = z.object({ userId: id, siteId: id });
const errs = problemResponses(400, 401, 403, 404);

/**
 * The dashboard's people, managed over HTTP by owners (or scripts with the admin token): what the
 * user CLI does. An invitation is an account with a first password the owner passes on; a reset
 * sets a new one and ends every session of that user. Nobody removes themselves or the last owner.
 */
export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { config: { access: 'owner' }, schema: { tags: ['users'] } } as const;
  const listing = (userId: string): UserListing => {
    const user = findUserListing(app.db, userId);
    if (!user) throw errors.notFound('user');
    return user;
  };

  app.get(
    '/v1/users',
    {
      ...common,
      schema: {
        ...common.schema,
        summary: 'List users and the sites granted to each viewer',
        response: { 200: userListSchema, ...errs },
      },
    },
    async () => ({ users: listUsers(app.db) }),
  );

  app.post(
    '/v1/users',
    {
      ...common,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...common.schema,
        summary: 'Create (invite) a user',
        description:
          'An owner sees and changes every site; a viewer reads the sites in `siteIds`. Pass the first password on to ' +
          'the person yourself; they log in at /app/. 409 when the email has an account already.',
        body: createUserBodySchema,
        response: { 201: userListingSchema, ...errs, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const { email, role, password, siteIds } = request.body;
      const unknown = siteIds.findIndex((s) => !findSiteById(app.db, s));
      if (unknown >= 0) {
        const message = 'no such site';
        throw errors.validation(`body.siteIds.${unknown}: ${message}`, [{ path: `body.siteIds.${unknown}`, message }]);
      }
      const passwordHash = await hashPassword(password);
      try {
        const user = createUser(app.db, { email, role, passwordHash, siteIds });
        request.log.info({ userId: user.userId, role, by: request.user?.userId ?? 'admin token' }, 'user created');
        return reply.code(201).send(listing(user.userId));
      } catch (err) {
        if (err instanceof DuplicateEmailError) {
          throw errors.conflict(`${email} has an account already.`);
        }
        throw err;
      }
    },
  );

  app.delete(
    '/v1/users/:userId',
    {
      ...common,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...common.schema,
        summary: 'Remove a user',
        description: 'Their sessions end at once. You cannot remove yourself, nor the last owner.',
        params: userParams,
        response: { 204: z.null().describe('Removed'), ...errs, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const user = findUserById(app.db, request.params.userId);
      if (!user) throw errors.notFound('user');
      if (user.userId === request.user?.userId) throw errors.conflict('You cannot remove yourself; ask another owner.');
      if (user.role === 'owner' && countOwners(app.db) <= 1)
        throw errors.conflict('This is the last owner: create another owner first.');
      removeUser(app.db, user.userId);
      request.log.info({ userId: user.userId, by: request.user?.userId ?? 'admin token' }, 'user removed');
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/v1/users/:userId/password',
    {
      ...common,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...common.schema,
        summary: "Reset a user's password",
        description: 'Every session of that user ends (they log in again with the new password).',
        params: userParams,
        body: setPasswordBodySchema,
        response: { 204: z.null().describe('Password replaced'), ...errs },
      },
    },
    async (request, reply) => {
      const user = findUserById(app.db, request.params.userId);
      if (!user) throw errors.notFound('user');
      setPasswordHash(app.db, user.userId, await hashPassword(request.body.password));
      request.log.info(
        { userId: user.userId, by: request.user?.userId ?? 'admin token' },
        'password reset; sessions ended',
      );
      return reply.code(204).send(null);
    },
  );

  for (const grant of [true, false]) {
    const handler = grant ? app.put.bind(app) : app.delete.bind(app);
    handler(
      '/v1/users/:userId/sites/:siteId',
      {
        ...common,
        bodyLimit: BODY_LIMITS.small,
        schema: {
          ...common.schema,
          summary: grant ? 'Let a viewer read a site' : 'Stop a viewer reading a site',
          description: 'Idempotent. Owners see every site: granting them one is a conflict.',
          params: grantParams,
          response: { 200: userListingSchema, ...errs, ...problemResponses(409) },
        },
      },
      async (request) => {
        const { userId, siteId } = request.params;
        const user = findUserById(app.db, userId);
        if (!user) throw errors.notFound('user');
        if (!findSiteById(app.db, siteId)) throw errors.notFound('site');
        if (user.role === 'owner') throw errors.conflict('Owners see every site; grants are for viewers.');
        if (grant) grantSite(app.db, userId, siteId);
        else revokeSite(app.db, userId, siteId);
        return listing(userId);
      },
    );
  }
};
