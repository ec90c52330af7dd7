import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp, createSite, loadConfig, migrateDatabase, openDatabase } from '@loupe/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUserCli } from '../src/user-admin/run-user-cli.js';
import { oneJsonLine, runInProcess, runScript } from './helpers/cli-run.js';

let dir: string;
let dbPath: string;
let shopId: string;
let blogId: string;

/**
 * The CLI in this process, `stdin` as its standard input ('as a process' below runs its entry
 * file). Hashing is the real scrypt, at the production cost.
 */
const user = (args: string[], stdin = '') => runInProcess(runUserCli, args, { LOUPE_DB: dbPath }, stdin);
/** The CLI exactly as `npm run -s user --` runs it, feeding `stdin` to it through a pipe. */
const userProcess = (args: string[], stdin = '') =>
  runScript('user-cli.ts', args, { env: { LOUPE_DB: dbPath }, stdin });

async function withServer<T>(fn: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const app = await buildApp({ config: loadConfig({ LOUPE_DB: dbPath }), logger: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

const login = (app: Awaited<ReturnType<typeof buildApp>>, email: string, password: string) =>
  app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });

describe('npm run user', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-user-cli-'));
    dbPath = path.join(dir, 'loupe.db');
    const db = openDatabase(dbPath);
    migrateDatabase(db);
    shopId = createSite(db, { name: 'Shop', origins: [] }).siteId;
    blogId = createSite(db, { name: 'Blog', origins: [] }).siteId;
    db.$client.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('create → list → grant → set-password → remove, and the server agrees at each step', {
    timeout: 60_000,
  }, async () => {
    const owner = oneJsonLine(
      await user(['create', '--email', 'Owner@Shop.example', '--password-stdin'], 'owner passphrase 1\n'),
    ) as { userId: string };
    expect(Object.keys(owner)).toEqual(['userId']);
    expect(owner.userId).toMatch(/^usr_/);
    const viewer = oneJsonLine(
      await user(
        ['create', '--email', 'viewer@shop.example', '--password-stdin', '--site', shopId],
        'viewer passphrase 1',
      ),
    ) as { userId: string };

    const list = oneJsonLine(await user(['list'])) as Record<string, unknown>[];
    expect(list).toEqual([
      { userId: owner.userId, email: 'owner@shop.example', role: 'owner', sites: [], createdAt: expect.any(String) },
      {
        userId: viewer.userId,
        email: 'viewer@shop.example',
        role: 'viewer',
        sites: [shopId],
        createdAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list)).not.toMatch(/passphrase|scrypt/);

    expect(oneJsonLine(await user(['grant', '--email', 'viewer@shop.example', '--site', blogId]))).toEqual({
      userId: viewer.userId,
      sites: expect.arrayContaining([shopId, blogId]),
    });
    expect(oneJsonLine(await user(['revoke', '--email', 'viewer@shop.example', '--site', shopId]))).toEqual({
      userId: viewer.userId,
      sites: [blogId],
    });

    const cookie = await withServer(async (app) => {
      const res = await login(app, 'owner@shop.example', 'owner passphrase 1'); // the trailing newline was not part of it
      expect(res.statusCode).toBe(204);
      const viewerLogin = await login(app, 'viewer@shop.example', 'viewer passphrase 1');
      const me = await app.inject({
        url: '/v1/auth/me',
        headers: { cookie: String(viewerLogin.headers['set-cookie']).split(';')[0]! },
      });
      expect(me.json().sites.map((s: { siteId: string }) => s.siteId)).toEqual([blogId]);
      return String(res.headers['set-cookie']).split(';')[0]!;
    });

    expect(
      oneJsonLine(
        await user(['set-password', '--email', 'owner@shop.example', '--password-stdin'], 'owner passphrase 2\r\n'),
      ),
    ).toEqual({
      userId: owner.userId,
      sessionsEnded: true,
    });
    await withServer(async (app) => {
      expect((await app.inject({ url: '/v1/auth/me', headers: { cookie } })).statusCode).toBe(401); // logged out everywhere
      expect((await login(app, 'owner@shop.example', 'owner passphrase 1')).statusCode).toBe(401);
      expect((await login(app, 'owner@shop.example', 'owner passphrase 2')).statusCode).toBe(204);
    });

    expect(oneJsonLine(await user(['remove', '--email', 'viewer@shop.example']))).toEqual({
      userId: viewer.userId,
      removed: true,
    });
    expect((oneJsonLine(await user(['list'])) as unknown[]).length).toBe(1);
    await withServer(async (app) =>
      expect((await login(app, 'viewer@shop.example', 'viewer passphrase 1')).statusCode).toBe(401),
    );
  });

  it('warns on stderr when a viewer gets no site', { timeout: 20_000 }, async () => {
    const run = await user(
      ['create', '--email', 'lonely@shop.example', '--role', 'viewer', '--password-stdin'],
      'lonely passphrase',
    );
    oneJsonLine(run);
    expect(run.stderr).toContain('grant --site');
  });

  it.for([
    [
      ['create', '--email', 'weak@shop.example', '--password-stdin'],
      'short',
      'invalid password: it must be at least 10 characters',
    ],
    [['create', '--email', 'weak@shop.example', '--password-stdin'], 'password123\n', 'most common passwords'],
    [['create', '--email', 'nope', '--password-stdin'], 'a fine passphrase', 'invalid --email'],
    [
      ['create', '--email', 'x@shop.example', '--password-stdin', '--site', 'site_nope'],
      'a fine passphrase',
      'no site with id site_nope',
    ],
    [['create', '--email', 'OWNER@shop.example', '--password-stdin'], 'a fine passphrase', 'already exists'],
    [
      ['set-password', '--email', 'ghost@shop.example', '--password-stdin'],
      'a fine passphrase',
      'no user with email ghost@shop.example',
    ],
    [['remove', '--email', 'ghost@shop.example'], '', 'no user with email'],
  ] as [string[], string, string][])(
    '%j fails with exit 1 and "%s" on stderr, nothing on stdout',
    async ([args, stdin, message]) => {
      const run = await user(args, stdin);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toContain(stdin.trim() || '\u0000');
    },
  );

  it.for([
    [[], 'missing command'],
    [['frobnicate'], 'unknown command'],
    [['create', '--email', 'a@b.example'], 'needs --password-stdin'],
    [['create', '--password-stdin'], 'create needs --email'],
    [['create', '--email', 'a@b.example', '--password-stdin', '--role', 'admin'], '--role must be owner or viewer'],
    [
      ['create', '--email', 'a@b.example', '--password-stdin', '--role', 'owner', '--site', 'site_x'],
      'owners see every site',
    ],
    [['create', '--email', 'a@b.example', '--password', 'hunter2hunter2'], "'--password'"],
    [['list', '--email', 'a@b.example'], 'list does not take --email'],
    [['remove', '--email', 'a@b.example', '--password-stdin'], 'remove does not take --password-stdin'],
    [['grant', '--email', 'a@b.example'], 'exactly one --site'],
  ] as [string[], string][])('%j is a usage error: exit 2 with usage on stderr', async ([args, message]) => {
    const run = await user(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage:');
  });
});

// The entry file, run as `npm run -s user --` runs it: a real process with the password piped to
// its standard input, for a success, an error and a usage mistake (side by side: each loads tsx).
describe('npm run user, as a process', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-user-cli-'));
    dbPath = path.join(dir, 'loupe.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the password from a pipe, prints one JSON line and exits 0; exits 1 on an error and 2 on a usage mistake', {
    timeout: 60_000,
  }, async () => {
    const [created, weak, misused] = await Promise.all([
      userProcess(['create', '--email', 'owner@shop.example', '--password-stdin'], 'owner passphrase 1\n'),
      userProcess(['create', '--email', 'weak@shop.example', '--password-stdin'], 'short'),
      userProcess(['create', '--email', 'a@b.example', '--password', 'hunter2hunter2']),
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^\{"userId":"usr_[^"]+"\}\n$/);
    expect(weak).toMatchObject({ code: 1, stdout: '' });
    expect(weak.stderr).toContain('invalid password: it must be at least 10 characters');
    expect(weak.stderr).not.toContain('short');
    expect(misused).toMatchObject({ code: 2, stdout: '' });
    expect(misused.stderr).toContain("'--password'");
    expect(misused.stderr).toContain('Usage:');
    expect(misused.stderr).not.toContain('hunter2hunter2');
    // The password came through the pipe without its newline: the server accepts it.
    const app = await buildApp({ config: loadConfig({ LOUPE_DB: dbPath, LOUPE_SEED_DEMO: '0' }), logger: false });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email: 'owner@shop.example', password: 'owner passphrase 1' },
      });
      expect(res.statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });
});
