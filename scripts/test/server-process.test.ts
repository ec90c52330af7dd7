import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, startTestServer } from '../src/testing/index.js';
import { spawnProcess, type Spawned } from './helpers/spawn-process.js';

const MAIN = path.join(repoRoot, 'server/dist/main.js');
let dir: string;
const running: Spawned[] = [];

function server(env: Record<string, string>): Spawned {
  const s = spawnProcess(process.execPath, [MAIN], { env: { ...process.env, LOUPE_SEED_DEMO: '0', ...env } });
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
  ] as [Record<string, string>, string[]][])('%j: exit 1 with a clear message', { timeout: 30_000 }, async ([env, words], { expect }) => {
    const s = server({ LOUPE_DB: path.join(dir, 'never.db'), ...env });
    expect(await s.exited).toBe(1);
    expect(s.stderr()).toContain('Invalid configuration');
    for (const w of words) expect(s.stderr()).toContain(w);
    expect(s.stdout()).not.toContain('listening');
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

    const lines = s.stdout().split('\n').filter((l) => l.includes('"reqId"'));
    expect(lines.length).toBeGreaterThanOrEqual(6); // incoming + completed for each request
    for (const line of lines) {
      for (const banned of ['127.0.0.1', '203.0.113.77', '198.51.100.5', 'remoteAddress', 'remotePort', 'query-secret']) {
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
      const s = server({ PORT: String(port), LOUPE_DB: dbPath, LOUPE_SEED_DEMO: '1', LOUPE_LOG_LEVEL: 'warn' });
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
    const again = (await (await fetch(`http://127.0.0.1:${second.port}/demo/site.json`)).json()) as { origins: string[] };
    expect(again.origins).toContain(`http://127.0.0.1:${second.port}`);
    second.s.child.kill('SIGTERM');
    expect(await second.s.exited).toBe(0);
  });
});
