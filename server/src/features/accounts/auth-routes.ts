import { normalizeIP } from '@fastify/rate-limit';
import { emailSchema, loginBodySchema, meResponseSchema, setupBodySchema, setupStatusSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMMEDIATE } from '../../db/immediate.js';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedUser } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password-hash.js';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './session-cookie.js';
import { createLoginSession, deleteExpiredLoginSessions, endLoginSession } from './sessions-store.js';
import { consumeSetupToken, isSetupTokenLive } from './setup-tokens-store.js';
import { countUsers, findUserRowByEmail, insertUser, replacePasswordHash, sitesOfUser } from './users-store.js';

const noContent = z.null().describe('Done; the session cookie is set (or cleared)');

/**
 * The dashboard's accounts: log in and out, who am I, and the first owner's setup. The session
 * itself (cookie → user → site) is checked by the auth plugin on every route.
 */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const limits = app.config.loginThrottle;
  const throttle = new LoginThrottle({
    perAccount: { maxFailures: limits.maxFailures, windowMs: limits.windowMs },
    perClient: { maxFailures: limits.maxFailuresPerClient, windowMs: limits.windowMs },
  });
  const window = `${Math.round(limits.windowMs / 60_000)} minutes`;
  const clientOf = (ip: string) => normalizeIP(ip);
  const base = { tags: ['auth'] };

  app.post(
    '/v1/auth/login',
    {
      config: { access: 'anyone' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...base,
        summary: 'Log in: sets the session cookie',
        description:
          'Answers 204 with `Set-Cookie: loupe_session=…; HttpOnly; SameSite=Lax; Path=/` (and `Secure` over HTTPS). ' +
          'A wrong password and an unknown email get the same 401 `invalid_credentials`. After ' +
          `${limits.maxFailures} failures for one email, or ${limits.maxFailuresPerClient} from one address, within ${window}: ` +
          "429 with Retry-After. An Origin other than this server's own is refused (403 `cross_site_request`).",
        body: loginBodySchema,
        response: { 204: noContent, ...problemResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request, reply) => {
      const client = clientOf(request.ip);
      const parsedEmail = emailSchema.safeParse(request.body.email);
      // Not an email at all: no account can match, but it is still a failure, answered the same.
      const email = parsedEmail.success ? parsedEmail.data : undefined;
      const wait = throttle.retryAfterSeconds(email, client);
      if (wait > 0) throw errors.rateLimited(wait);

      const row = email === undefined ? undefined : findUserRowByEmail(app.db, email);
      const ok = row
        ? await verifyPassword(request.body.password, row.passwordHash)
        : await verifyAgainstDummy(request.body.password);
      if (!row || !ok) {
        throttle.failed(email, client);
        throw errors.invalidCredentials();
      }
      throttle.succeeded(email!);
      if (needsRehash(row.passwordHash)) replacePasswordHash(app.db, row.id, await hashPassword(request.body.password));
      deleteExpiredLoginSessions(app.db);
      const { token, expiresAt } = createLoginSession(app.db, row.id);
      request.log.info({ userId: row.id }, 'logged in');
      return reply
        .code(204)
        .header('set-cookie', sessionCookie(request, token, expiresAt))
        .send(null);
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      config: { access: 'anyone' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...base,
        summary: 'Log out: ends the session on the server and clears the cookie',
        description:
          'Idempotent: 204 also when the session had already ended. Every tab of that session gets 401 at its next request.',
        response: { 204: noContent, ...problemResponses(403, 429) },
      },
    },
    async (request, reply) => {
      const token = sessionTokenOf(request);
      if (token) endLoginSession(app.db, token);
      return reply.code(204).header('set-cookie', clearedSessionCookie(request)).send(null);
    },
  );

  app.get(
    '/v1/auth/me',
    {
      config: { access: 'user' },
      schema: {
        ...base,
        summary: 'The logged-in user and the sites they may see',
        description: 'Owners see every site; viewers the sites granted to them. 401 without a live session.',
        response: { 200: meResponseSchema },
      },
    },
    async (request) => {
      const user = authenticatedUser(request);
      return { user, sites: sitesOfUser(app.db, user) };
    },
  );

  app.get(
    '/v1/auth/setup',
    {
      config: { access: 'anyone' },
      schema: {
        ...base,
        summary: 'Whether the first owner is still to be created',
        response: { 200: setupStatusSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { needed: countUsers(app.db) === 0 };
    },
  );

  app.post(
    '/v1/auth/setup',
    {
      config: { access: 'anyone' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        ...base,
        summary: 'Create the first owner with the one-time setup link, and log in',
        description:
          'The token comes from the link the server prints while no user exists (`/app/setup#token=…`, valid 24 hours, ' +
          'single use). 409 once any user exists. Answers like login: 204 and the session cookie.',
        body: setupBodySchema,
        response: { 204: noContent, ...problemResponses(400, 401, 403, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const client = clientOf(request.ip);
      const wait = throttle.retryAfterSeconds(undefined, client);
      if (wait > 0) throw errors.rateLimited(wait);
      const alreadySetUp = () => errors.conflict('Loupe is already set up: log in instead (POST /v1/auth/login).');
      if (countUsers(app.db) > 0) throw alreadySetUp();
      const { token, email, password } = request.body;
      // Checked before the (expensive) hash, consumed after it in one transaction with the owner.
      if (!isSetupTokenLive(app.db, token)) {
        throttle.failed(undefined, client);
        throw errors.invalidSetupToken();
      }
      const passwordHash = await hashPassword(password);
      const user = app.db.transaction((tx) => {
        if (countUsers(tx) > 0) throw alreadySetUp();
        if (!consumeSetupToken(tx, token)) throw errors.invalidSetupToken();
        return insertUser(tx, { email, role: 'owner', passwordHash });
      }, IMMEDIATE);
      const session = createLoginSession(app.db, user.userId);
      request.log.info({ userId: user.userId }, 'first owner created with the setup link');
      return reply
        .code(204)
        .header('set-cookie', sessionCookie(request, session.token, session.expiresAt))
        .send(null);
    },
  );
};
