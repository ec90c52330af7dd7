import type { SiteWithSecret, UserRole } from '@loupe/shared';
import type { App } from '../../src/app.js';
import { hashPassword } from '../../src/features/accounts/password-hash.js';
import { createLoginSession } from '../../src/features/accounts/sessions-store.js';
import { createUser } from '../../src/features/accounts/users-store.js';

export const PASSWORD = 'correct horse battery staple';
/** inject() sends Host: localhost:80, so this is the server's own origin in tests. */
export const SAME_ORIGIN = 'http://localhost';
export const ADMIN = 'test-admin-token-0123456789';

// One real scrypt hash per test file (about half a second), shared by the users it creates.
let hash: Promise<string> | undefined;
const passwordHash = () => (hash ??= hashPassword(PASSWORD));

export async function addUser(app: App, email: string, role: UserRole, siteIds: string[] = []) {
  return createUser(app.db, { email, role, passwordHash: await passwordHash(), siteIds });
}

/** A session made directly in the store (no password hashing), as the Cookie header to send. */
export function sessionCookieFor(app: App, userId: string): string {
  return `loupe_session=${createLoginSession(app.db, userId).token}`;
}

/** The `name=value` part of a Set-Cookie header, to send back as Cookie. */
export function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!header) throw new Error('no Set-Cookie header');
  return header.split(';')[0]!;
}

export async function login(app: App, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { origin: SAME_ORIGIN, ...headers },
    payload: { email, password },
  });
}

export async function createSiteAsAdmin(app: App, name: string): Promise<SiteWithSecret> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sites',
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`create site: ${res.statusCode} ${res.body}`);
  return res.json<SiteWithSecret>();
}

/** A request with a logged-in cookie from another site's page: what a cross-site forgery sends. */
export function fromOtherSite(
  app: App,
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.inject({
    method,
    url,
    headers: { cookie, origin: 'https://evil.example' },
    ...(payload ? { payload } : {}),
  });
}
