import { execFile } from 'node:child_process';
import type { SiteWithSecret } from '@loupe/shared';
import { repoRoot, startTestServer, type TestServer } from '@loupe/scripts/testing';
import { copySeededDatabase, ownerEnv } from './seeded-database.js';

export { OWNER } from './seeded-database.js';
export const VIEWER = { email: 'viewer@shop.example', password: 'another long passphrase' };

export interface DashboardServer {
  server: TestServer;
  site: SiteWithSecret;
  /** GET on the read API with the site's secret key (the reference the dashboard is compared with). */
  api<T>(pathAndQuery: string): Promise<T>;
  /** Sends events as the widget does (public key, text/plain). */
  collect(events: object[]): Promise<void>;
  dispose(): Promise<void>;
}

/** Creates a login with the user CLI (`npm run -s user -- create`), as an operator would. */
export async function createUser(
  server: TestServer,
  user: { email: string; password: string },
  role: 'owner' | 'viewer',
  siteId?: string,
): Promise<void> {
  const args = [
    'scripts/src/user-cli.ts',
    'create',
    '--email',
    user.email,
    '--password-stdin',
    '--role',
    role,
    ...(siteId ? ['--site', siteId] : []),
  ];
  const child = execFile(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOUPE_DB: server.dbPath },
  });
  child.stdin!.end(`${user.password}\n`);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`user create ${user.email} failed with ${code}`);
}

/**
 * The built server with an owner who logs in through the form, on a copy of the database the global
 * setup filled once by `npm run seed` (sixty days of a shop's traffic and answers, ending when the
 * run started), or with `seed: false` on a fresh database with an empty site.
 */
export async function startDashboardServer(
  opts: { seed?: boolean; env?: Record<string, string> } = {},
): Promise<DashboardServer> {
  const env = { ...ownerEnv, ...opts.env };
  let server: TestServer;
  let site: SiteWithSecret;
  let removeCopy = async () => {};
  if (opts.seed === false) {
    // The owner exists from the first start, as LOUPE_OWNER_EMAIL / LOUPE_OWNER_PASSWORD make it.
    server = await startTestServer({ env });
    site = await server.createSite({ name: 'Seed shop', origins: ['https://shop.example'] });
  } else {
    const copy = await copySeededDatabase();
    server = await startTestServer({ env, dbPath: copy.dbPath });
    site = copy.site;
    removeCopy = copy.remove;
  }
  return {
    server,
    site,
    async api<T>(pathAndQuery: string) {
      const res = await fetch(server.url + pathAndQuery, { headers: { authorization: `Bearer ${site.secretKey}` } });
      if (!res.ok) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async collect(events) {
      const res = await fetch(`${server.url}/v1/collect`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://shop.example' },
        body: JSON.stringify({ key: site.publicKey, events }),
      });
      if (res.status !== 202) throw new Error(`collect: ${res.status} ${await res.text()}`);
    },
    async dispose() {
      await server.dispose();
      await removeCopy();
    },
  };
}
