import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@loupe/server';
import { freePort, repoRoot, startTestServer } from '../src/testing/index.js';
import { spawnProcess, type Spawned } from './helpers/spawn-process.js';

const MAIN = path.join(repoRoot, 'server/dist/main.js');
let dir: string;
const running: Spawned[] = [];

function server(env: Record<string, string>, as: { uid?: number; gid?: number } = {}): Spawned {
  const s = spawnProcess(process.execPath, [MAIN], { env: { ...process.env, ...env }, ...as });
  running.push(s);
  return s;
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-proc-'));
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.dispose()));
  await rm(dir, { recursive: true, force: true });
});

describe('configuration errors', () => {
  it.concurrent.for([
    [{ PORT: 'eighty' }, ['PORT']],
    [{ LOUPE_ADMIN_TOKEN: 'short' }, ['LOUPE_ADMIN_TOKEN', 'at least 16 characters']],
    [{ LOUPE_LOG_LEVEL: 'loud', LOUPE_TRUST_PROXY: 'yes please' }, ['LOUPE_LOG_LEVEL', 'LOUPE_TRUST_PROXY']],
  ] as [Record<string, string>, string[]][])(
    '%j: exit 1 with a clear message',
    { timeout: 30_000 },
    async ([env, words], { expect }) => {
      const s = server({ LOUPE_DB: path.join(dir, 'never.db'), ...env });
      expect(await s.exited).toBe(1);
      expect(s.stderr()).toContain('Invalid configuration');
      for (const w of words) expect(s.stderr()).toContain(w);
      expect(s.stdout()).not.toContain('listening');
    },
  );
});

/** A stack trace's frames ("    at fn (file:1:2)"): start-up mistakes are explained, never dumped. */
const STACK_FRAME = /^\s+at /m;

describe('a LOUPE_DB that cannot be used', () => {
  const cases: [string, () => string, string][] = [
    [
      'a path under a file',
      () => {
        writeFileSync(path.join(dir, 'a-file'), 'x');
        return path.join(dir, 'a-file', 'loupe.db');
      },
      'is a file, not a folder',
    ],
    [
      'a folder',
      () => {
        mkdirSync(path.join(dir, 'a-folder'));
        return path.join(dir, 'a-folder');
      },
      'this is a folder',
    ],
    [
      'a file that is not a database',
      () => {
        writeFileSync(path.join(dir, 'notes.db'), 'hello '.repeat(200));
        return path.join(dir, 'notes.db');
      },
      'not a SQLite database',
    ],
  ];
  it.concurrent.for(cases)(
    '%s: exit 1 naming LOUPE_DB and what to do, no stack trace',
    { timeout: 30_000 },
    async ([, make, words], { expect }) => {
      const file = make();
      const s = server({ LOUPE_DB: file });
      expect(await s.exited).toBe(1);
      expect(s.stderr()).toContain(`LOUPE_DB=${file}`);
      expect(s.stderr()).toContain(words);
      expect(s.stderr()).not.toMatch(STACK_FRAME);
    },
  );

  it('a read-only database file: exit 1 at start, not a 500 on every write later', { timeout: 30_000 }, async (ctx) => {
    const folder = path.join(dir, 'read-only');
    mkdirSync(folder);
    const file = path.join(folder, 'loupe.db');
    // A real database first, written by this (privileged or owning) user.
    const first = server({ LOUPE_DB: path.join(dir, 'source.db'), PORT: String(await freePort()) });
    await first.waitForStdout(/Server listening/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    copyFileSync(path.join(dir, 'source.db'), file);
    chmodSync(file, 0o444);
    // root may write any file: run the server as nobody, for whom the file is read-only (the folder stays
    // writable, so only the file's own permission is in the way).
    const nobody = process.getuid?.() === 0 ? { uid: 65_534, gid: 65_534 } : {};
    if (nobody.uid !== undefined) {
      chmodSync(dir, 0o711);
      chmodSync(folder, 0o777);
      const canRun = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(MAIN)})`], nobody);
      if (canRun.status !== 0) return ctx.skip(`the user nobody cannot read ${MAIN}`);
    }
    const s = server({ LOUPE_DB: file, PORT: String(await freePort()) }, nobody);
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toContain(`LOUPE_DB=${file}`);
    expect(s.stderr()).toContain('it is read-only for this process');
    expect(s.stderr()).not.toMatch(STACK_FRAME);
  });

  it('a port in use: exit 1 naming PORT, no stack trace', { timeout: 30_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const s = server({ LOUPE_DB: path.join(dir, 'port.db'), PORT: String(port) });
      expect(await s.exited).toBe(1);
      expect(s.stderr()).toContain(`PORT=${port}`);
      expect(s.stderr()).toContain('EADDRINUSE');
      expect(s.stderr()).not.toMatch(STACK_FRAME);
    } finally {
      taken.close();
    }
  });
});

describe('graceful shutdown', () => {
  it.for(['SIGTERM', 'SIGINT'] as const)('%s: drains and exits 0', { timeout: 60_000 }, async (signal) => {
    const srv = await startTestServer();
    try {
      expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
      const exited = new Promise<number | null>((r) => srv.child!.once('exit', (code) => r(code)));
      srv.child!.kill(signal);
      // 0, not the 1 of the 10-second forced exit: the shutdown finished on its own.
      expect(await exited).toBe(0);
      await expect(fetch(`${srv.url}/healthz`)).rejects.toThrow();
    } finally {
      await srv.dispose();
    }
  });
});

describe('request logs', () => {
  it('never contain the client IP, forwarded IPs or query strings', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const s = server({
      PORT: String(port),
      LOUPE_DB: path.join(dir, 'logs.db'),
      LOUPE_LOG_LEVEL: 'info',
      LOUPE_TRUST_PROXY: 'true',
    });
    await s.waitForStdout(/Server listening/);
    const base = `http://127.0.0.1:${port}`;
    const headers = { 'x-forwarded-for': '203.0.113.77, 198.51.100.5', 'x-real-ip': '203.0.113.77' };
    await fetch(`${base}/healthz?token=query-secret`, { headers });
    await fetch(`${base}/v1/sites`, { headers });
    await fetch(`${base}/nope`, { headers });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);

    const lines = s
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"reqId"'));
    expect(lines.length).toBeGreaterThanOrEqual(6); // incoming + completed for each request
    for (const line of lines) {
      for (const banned of [
        '127.0.0.1',
        '203.0.113.77',
        '198.51.100.5',
        'remoteAddress',
        'remotePort',
        'query-secret',
      ]) {
        expect(line).not.toContain(banned);
      }
    }
    expect(lines.some((l) => l.includes('"url":"/healthz"'))).toBe(true);
  });
});

describe('first start with an empty database', () => {
  it('creates the Demo site, prints its keys, and reprints the same keys later', { timeout: 90_000 }, async () => {
    const dbPath = path.join(dir, 'demo', 'loupe.db');
    const start = async () => {
      const port = await freePort();
      const s = server({ PORT: String(port), LOUPE_DB: dbPath, LOUPE_DEMO: 'true', LOUPE_LOG_LEVEL: 'warn' });
      const [, secretKey] = await s.waitForStdout(/secret key:\s+(sk_\S+)/);
      return { s, port, secretKey: secretKey!, out: s.stdout() };
    };

    const first = await start();
    expect(first.out).toContain(`http://127.0.0.1:${first.port}/demo/`);
    expect(first.out).toContain(`http://127.0.0.1:${first.port}/docs`);
    expect(first.out).toContain('(created now)');
    const publicKey = /public key:\s+(pk_\S+)/.exec(first.out)?.[1];
    const base = `http://127.0.0.1:${first.port}`;
    const demo = (await (await fetch(`${base}/demo/site.json`)).json()) as Record<string, unknown>;
    expect(demo).toMatchObject({ name: 'Demo', publicKey });
    expect(demo.origins).toEqual([`http://localhost:${first.port}`, `http://127.0.0.1:${first.port}`]);
    const me = await fetch(`${base}/v1/site`, { headers: { authorization: `Bearer ${first.secretKey}` } });
    expect(me.status).toBe(200);
    first.s.child.kill('SIGTERM');
    expect(await first.s.exited).toBe(0);
    expect(statSync(path.join(dir, 'demo', 'demo-site.json')).mode & 0o777).toBe(0o600);

    const second = await start();
    expect(second.secretKey).toBe(first.secretKey);
    expect(second.out).toContain(`public key:      ${publicKey}`);
    expect(second.out).not.toContain('(created now)');
    // The new port is allowed too, so the demo keeps working when PORT changes.
    const again = (await (await fetch(`http://127.0.0.1:${second.port}/demo/site.json`)).json()) as {
      origins: string[];
    };
    expect(again.origins).toContain(`http://127.0.0.1:${second.port}`);
    second.s.child.kill('SIGTERM');
    expect(await second.s.exited).toBe(0);
  });
});

describe('the production server: node server/dist/main.js without LOUPE_DEMO', () => {
  it('creates no Demo site, serves no demo shop, and / leads to the dashboard', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const dbPath = path.join(dir, 'production.db');
    const s = server({ PORT: String(port), LOUPE_DB: dbPath, LOUPE_LOG_LEVEL: 'info' });
    await s.waitForStdout(/Server listening/);
    const base = `http://127.0.0.1:${port}`;
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    expect([home.status, home.headers.get('location')]).toEqual([302, '/app/']);
    for (const route of ['/demo/', '/demo/site.json', '/demo/slow/hero.svg']) {
      const res = await fetch(`${base}${route}`, { redirect: 'manual' });
      expect(res.status, route).toBe(404);
      expect(res.headers.get('content-type'), route).toContain('application/problem+json');
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.stdout()).not.toContain('Demo');
    const db = openDatabase(dbPath);
    try {
      expect(db.$client.prepare('SELECT count(*) AS n FROM sites').get()).toEqual({ n: 0 });
    } finally {
      db.$client.close();
    }
  });
});
