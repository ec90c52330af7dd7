import net from 'node:net';
import { buildApp, loadConfig, openPostgres } from '@loupe/server';
import { type FreshDatabase, freshPostgresDatabase } from '@loupe/server/testing/postgres-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSiteCli } from '../src/site-admin/run-site-cli.js';
import { runUserCli } from '../src/user-admin/run-user-cli.js';
import { oneJsonLine, runInProcess, runScript } from './helpers/cli-run.js';

// The administration CLIs on PostgreSQL: given the server's LOUPE_DB (or DATABASE_URL) as a
// postgres:// URL they write to PostgreSQL, and a server configured the same way sees it.

const KEY = Buffer.alloc(32, 3).toString('base64');

describe('npm run site / user / seed on PostgreSQL', { timeout: 120_000 }, () => {
  let database: FreshDatabase;
  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
  });
  afterAll(() => database?.drop());

  const serve = () =>
    buildApp({ config: loadConfig({ LOUPE_DB: database.url, LOUPE_ENCRYPTION_KEY: KEY }), logger: false });

  it('site create and rotate-secret, user create: the server on the same URL accepts what they wrote', async () => {
    // As `LOUPE_DB=postgres://… npm run -s site -- create …` runs it: a child process, the URL from the environment.
    const created = oneJsonLine(
      await runScript('site-cli.ts', ['create', '--name', 'Shop', '--origin', 'https://shop.example'], {
        env: { LOUPE_DB: database.url },
      }),
    ) as Record<string, string>;
    const rotated = oneJsonLine(
      await runInProcess(runSiteCli, ['rotate-secret', '--site', created.siteId!], { DATABASE_URL: database.url }),
    ) as Record<string, string>;
    oneJsonLine(
      await runInProcess(
        runUserCli,
        ['create', '--email', 'owner@shop.example', '--password-stdin'],
        { LOUPE_DB: database.url },
        'owner passphrase 1\n',
      ),
    );
    const listed = oneJsonLine(await runInProcess(runSiteCli, ['list'], { LOUPE_DB: database.url }));
    expect(listed).toEqual([expect.objectContaining({ siteId: created.siteId, origins: ['https://shop.example'] })]);

    const app = await serve();
    try {
      const auth = (key: string) => ({ url: '/v1/site', headers: { authorization: `Bearer ${key}` } });
      expect((await app.inject(auth(rotated.secretKey!))).statusCode).toBe(200);
      expect((await app.inject(auth(created.secretKey!))).statusCode).toBe(401);
      const login = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'owner@shop.example', password: 'owner passphrase 1' },
      });
      expect(login.statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });

  it("site add-origin reaches a running server's cached site directory at once, through the change feed", async () => {
    const later = 'https://added-later.example';
    const created = oneJsonLine(
      await runInProcess(runSiteCli, ['create', '--name', 'Notice', '--origin', 'https://first.example'], {
        LOUPE_DB: database.url,
      }),
    ) as Record<string, string>;
    const app = await serve();
    await app.ready();
    try {
      await untilListening();
      const corsAllows = async (origin: string) =>
        (
          await app.inject({
            method: 'OPTIONS',
            url: '/v1/collect',
            headers: { origin, 'access-control-request-method': 'POST' },
          })
        ).headers['access-control-allow-origin'];
      // Refused, and remembered as nobody's origin (the directory's negative cache) until told otherwise.
      expect(await corsAllows(later)).toBeUndefined();
      expect(await corsAllows(later)).toBeUndefined();
      // The marker is the notice of this site: the safety TTL's "drop everything" names no site, so
      // this test cannot pass by waiting out the cache (nor without the CLI's notice: it times out).
      const told = new Promise<void>((resolve) => {
        const stop = app.changes.subscribe('sites', (siteId) => {
          if (siteId !== created.siteId) return;
          stop();
          resolve();
        });
      });
      const run = await runScript('site-cli.ts', ['add-origin', '--site', created.siteId!, '--origin', later], {
        env: { LOUPE_DB: database.url },
      });
      expect(run.code, run.stderr).toBe(0);
      await told;
      expect(await corsAllows(later)).toBe(later);
    } finally {
      await app.close();
    }
  });

  /** Until the server's change feed LISTENs on the database (the marker: its session says so). */
  async function untilListening(): Promise<void> {
    const pool = openPostgres({ url: database.url, poolSize: 1, onIdleError: () => {} }).$client;
    try {
      for (;;) {
        const { rows } = await pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        );
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await pool.end();
    }
  }

  it('site add-origin whose change notice cannot be sent (PostgreSQL gone after the change) prints the result, warns, and exits 0', async () => {
    const created = oneJsonLine(
      await runInProcess(runSiteCli, ['create', '--name', 'Unannounced', '--origin', 'https://first.example'], {
        LOUPE_DB: database.url,
      }),
    ) as Record<string, string>;
    const later = 'https://after-outage.example';
    const proxy = await cutAtNotice(database.url);
    try {
      const run = await runScript('site-cli.ts', ['add-origin', '--site', created.siteId!, '--origin', later], {
        env: { LOUPE_DB: proxy.url },
      });
      expect(proxy.cut()).toBe(true);
      expect(oneJsonLine(run)).toEqual({ siteId: created.siteId, origins: ['https://first.example', later] });
      expect(run.stderr).toMatch(
        /^warning: the change is saved, but running servers could not be told of it at once \(.+\); each one drops its cached copy of the site within 5 s anyway\n$/,
      );
    } finally {
      await proxy.close();
    }
    // The change stands: read again without the proxy.
    const listed = oneJsonLine(await runInProcess(runSiteCli, ['list'], { LOUPE_DB: database.url })) as {
      siteId: string;
      origins: string[];
    }[];
    expect(listed.find((s) => s.siteId === created.siteId)?.origins).toEqual(['https://first.example', later]);
  });

  /**
   * A TCP proxy to `url`'s server that goes down for good (both ends closed, later connections
   * refused) when a client sends the text of pg_notify: PostgreSQL lost between a change's commit
   * and its notice. `url` is the proxy's own URL.
   */
  async function cutAtNotice(target: string): Promise<{ url: string; cut: () => boolean; close: () => Promise<void> }> {
    const to = new URL(target);
    let down = false;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
      if (down) return client.destroy();
      const upstream = net.connect(Number(to.port), to.hostname);
      sockets.add(client).add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk: Buffer) => {
        if (chunk.includes('pg_notify')) {
          down = true;
          for (const s of sockets) s.destroy();
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(target);
    url.port = String((server.address() as net.AddressInfo).port);
    return {
      url: url.toString(),
      cut: () => down,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }

  it('seeds a site of its own on PostgreSQL, and the summary line never shows a password', async () => {
    const url = new URL(database.url);
    url.password = 'unused-s3cret'; // trust authentication ignores it; the summary must not print it
    const run = await runScript('seed.ts', ['--responses', '20', '--events', '400', '--days', '5'], {
      env: { LOUPE_DB: url.toString() },
      timeoutMs: 120_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('unused-s3cret');
    const summary = JSON.parse(run.stdout) as { siteId: string; secretKey: string; events: number; db: string };
    expect(summary.events).toBeGreaterThanOrEqual(400);
    expect(summary.db).toContain('***');

    const app = await serve();
    try {
      const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
      const overview = await app.inject({
        url: `/v1/metrics/overview?from=${from}`,
        headers: { authorization: `Bearer ${summary.secretKey}` },
      });
      expect(overview.statusCode, overview.body).toBe(200);
      expect(overview.json().sessions.value).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
