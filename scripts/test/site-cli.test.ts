import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp, loadConfig } from '@loupe/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSiteCli } from '../src/site-admin/run-site-cli.js';
import { oneJsonLine, runInProcess, runScript } from './helpers/cli-run.js';

let dir: string;
let dbPath: string;

/** The CLI in this process ('as a process' below runs its entry file). */
const site = (...args: string[]) => runInProcess(runSiteCli, args, { LOUPE_DB: dbPath });
/** The CLI exactly as `npm run -s site --` runs it, as a child process. */
const siteProcess = (...args: string[]) => runScript('site-cli.ts', args, { env: { LOUPE_DB: dbPath } });

describe('npm run site', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-cli-'));
    dbPath = path.join(dir, 'nested', 'loupe.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('create → list → add-origin → rotate-secret, and the keys work over HTTP', { timeout: 30_000 }, async () => {
    const created = oneJsonLine(
      await site('create', '--name', 'Shop', '--origin', 'https://shop.example', '--origin', 'http://localhost:3000'),
    ) as Record<string, string>;
    expect(Object.keys(created)).toEqual(['siteId', 'publicKey', 'secretKey']);
    expect(created.publicKey).toMatch(/^pk_/);
    expect(created.secretKey).toMatch(/^sk_/);

    const list = oneJsonLine(await site('list')) as Record<string, unknown>[];
    expect(list).toEqual([
      expect.objectContaining({
        siteId: created.siteId,
        name: 'Shop',
        origins: ['https://shop.example', 'http://localhost:3000'],
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('sk_');

    const added = oneJsonLine(
      await site('add-origin', '--site', created.siteId!, '--origin', 'https://www.shop.example'),
    );
    expect(added).toEqual({
      siteId: created.siteId,
      origins: ['https://shop.example', 'http://localhost:3000', 'https://www.shop.example'],
    });

    const rotated = oneJsonLine(await site('rotate-secret', '--site', created.siteId!)) as Record<string, string>;
    expect(rotated.siteId).toBe(created.siteId);
    expect(rotated.publicKey).toBe(created.publicKey);
    expect(rotated.secretKey).not.toBe(created.secretKey);

    // The server on the same database accepts the new secret and refuses the old one.
    const app = await buildApp({ config: loadConfig({ LOUPE_DB: dbPath }), logger: false });
    try {
      const ok = await app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${rotated.secretKey}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().origins).toHaveLength(3);
      const old = await app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${created.secretKey}` } });
      expect(old.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('sets a time zone on create and with update; list shows it', async () => {
    const created = oneJsonLine(
      await site('create', '--name', 'Tokyo', '--origin', 'https://jp.example', '--time-zone', 'Asia/Tokyo'),
    ) as {
      siteId: string;
    };
    const updated = oneJsonLine(
      await site('update', '--site', created.siteId, '--time-zone', 'Europe/Copenhagen', '--name', 'Tokyo & CPH'),
    );
    expect(updated).toEqual({ siteId: created.siteId, name: 'Tokyo & CPH', timeZone: 'Europe/Copenhagen' });
    const list = oneJsonLine(await site('list')) as { siteId: string; timeZone: string }[];
    expect(list.find((s) => s.siteId === created.siteId)?.timeZone).toBe('Europe/Copenhagen');
  });

  it('warns on stderr (not stdout) when a site gets no origin', async () => {
    const run = await site('create', '--name', 'No origins yet');
    oneJsonLine(run);
    expect(run.stderr).toContain('add-origin');
  });

  it('prints help on stdout with exit 0', async () => {
    const run = await site('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rotate-secret');
  });

  it.for([
    [['create', '--name', 'Shop', '--origin', 'shop.example'], 'invalid origin'],
    [['create', '--name', 'Shop', '--origin', 'https://shop.example/path'], 'invalid origin'],
    [['create', '--name', '   '], 'invalid --name'],
    [['rotate-secret', '--site', 'site_nope'], 'no site with id site_nope'],
    [['add-origin', '--site', 'site_nope', '--origin', 'https://x.example'], 'no site with id site_nope'],
    [['create', '--name', 'Shop', '--time-zone', 'Mars/Base'], 'invalid --time-zone'],
    [['update', '--site', 'site_nope', '--time-zone', 'UTC'], 'no site with id site_nope'],
    [['update', '--site', 'site_nope', '--time-zone', 'Nowhere'], 'invalid --time-zone'],
  ] as [string[], string][])('%j fails with exit 1 and "%s" on stderr, nothing on stdout', async ([args, message]) => {
    const run = await site(...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it.for([
    [[], 'missing command'],
    [['frobnicate'], 'unknown command'],
    [['create'], 'create needs --name'],
    [['create', '--name'], "'--name"],
    [['list', '--name', 'x'], 'list does not take --name'],
    [['rotate-secret'], 'needs --site'],
    [['add-origin', '--site', 'site_x'], 'exactly one --origin'],
    [['list', '--bogus'], '--bogus'],
    [['list', 'extra'], 'unexpected argument'],
    [['update', '--time-zone', 'UTC'], 'update needs --site'],
    [['update', '--site', 'site_x'], 'update needs --name and/or --time-zone'],
    [['list', '--time-zone', 'UTC'], 'list does not take --time-zone'],
  ] as [string[], string][])('%j is a usage error: exit 2 with usage on stderr', async ([args, message]) => {
    const run = await site(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage:');
  });

  it('reports a database it cannot open with exit 1', async () => {
    const run = await site('list', '--db', dir); // a directory, not a database file
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: cannot run list: /);
  });

  it("reads the server's database from DATABASE_URL when LOUPE_DB is unset, and fails on a PostgreSQL it cannot reach", async () => {
    const viaUrl = await runInProcess(runSiteCli, ['list'], { DATABASE_URL: dbPath });
    expect(viaUrl).toEqual(await site('list'));
    const pg = await runInProcess(runSiteCli, ['list'], { DATABASE_URL: 'postgres://loupe:s3cret@db.internal/loupe' });
    expect(pg.code).toBe(1);
    expect(pg.stderr).toMatch(/^error: cannot run list: /);
    expect(pg.stderr).not.toMatch(/s3cret/);
  });
});

// The entry file, run as `npm run -s site --` runs it: the exit code, stdout and stderr of a
// real process, for a success, an error and a usage mistake (side by side: each loads tsx).
describe('npm run site, as a process', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-cli-'));
    dbPath = path.join(dir, 'loupe.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints one JSON line and exits 0, exits 1 on an error and 2 on a usage mistake', {
    timeout: 60_000,
  }, async () => {
    const [created, failed, misused] = await Promise.all([
      siteProcess('create', '--name', 'Shop'),
      siteProcess('list', '--db', dir),
      siteProcess('frobnicate'),
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^\{"siteId":"[^"]+","publicKey":"pk_[^"]+","secretKey":"sk_[^"]+"\}\n$/);
    expect(created.stderr).toContain('add-origin'); // the no-origin warning, on stderr
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed.stderr).toMatch(/^error: cannot run list: /);
    expect(misused).toMatchObject({ code: 2, stdout: '' });
    expect(misused.stderr).toContain('unknown command');
    expect(misused.stderr).toContain('Usage:');
  });
});
