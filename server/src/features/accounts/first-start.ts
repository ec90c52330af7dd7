import type { AddressInfo } from 'node:net';
import { SETUP_PATH } from '@loupe/shared';
import type { FastifyPluginAsync } from 'fastify';
import { displayBaseUrl } from '../demo/demo-origins.js';
import { hashPassword } from './password-hash.js';
import { issueSetupToken } from './setup-tokens-store.js';
import { countUsers, createUser } from './users-store.js';

/**
 * The first start with no user: create the owner from LOUPE_OWNER_EMAIL / LOUPE_OWNER_PASSWORD when
 * they are set, otherwise print a one-time setup link once listening (a fresh one at every start
 * while no user exists; only the latest works). The token travels in the URL fragment, which
 * browsers never send to servers, so it reaches no access log.
 */
export const firstStart: FastifyPluginAsync = async (app) => {
  const { owner } = app.config;
  if (owner && countUsers(app.db) === 0) {
    const user = createUser(app.db, {
      email: owner.email,
      role: 'owner',
      passwordHash: await hashPassword(owner.password),
    });
    app.log.info({ userId: user.userId }, 'owner created from LOUPE_OWNER_EMAIL');
    process.stdout.write(`\n  Owner ${user.email} created from LOUPE_OWNER_EMAIL; log in at the dashboard.\n`);
  }

  app.addHook('onListen', async () => {
    if (countUsers(app.db) > 0) return;
    const address = app.server.address() as AddressInfo | null;
    if (!address || typeof address === 'string') return;
    const { token, expiresAt } = issueSetupToken(app.db);
    process.stdout.write(setupBanner(displayBaseUrl(app.config.host, address.port), token, expiresAt));
  });
};

/** The start-up lines that hand the first owner their way in. */
export function setupBanner(baseUrl: string, token: string, expiresAt: number): string {
  const until = new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16);
  return [
    '',
    '  First login: no user exists yet. Open this one-time link to create the owner',
    `  (valid for 24 hours, until ${until} UTC; a restart prints a fresh one):`,
    `    ${baseUrl}${SETUP_PATH}#token=${token}`,
    '  or create one on the server: npm run -s user -- create --email you@example.com --password-stdin',
    '',
    '',
  ].join('\n');
}
