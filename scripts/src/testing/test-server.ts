import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SiteWithSecret } from '@loupe/shared';
import { freePort } from './free-port.js';
import { repoRoot } from './repo-root.js';

export interface TestServerOptions {
  /** Extra environment for the server process (e.g. LOUPE_RATE_LIMIT_MAX). */
  env?: Record<string, string>;
  /** Reuse a database file (e.g. after a crash); default: a fresh temporary one. */
  dbPath?: string;
  /** Print the server's output (debugging). */
  verbose?: boolean;
  /**
   * Runs the server through another command, given node's path and arguments, e.g. in a mount
   * namespace with a small file system: `(node, args) => ['unshare', ['-rm', …, node, ...args]]`.
   * The command must exec node in the same process, so `child.pid` is the server's.
   */
  wrap?: (node: string, args: string[]) => [string, string[]];
}

export interface TestServer {
  url: string;
  port: number;
  dbPath: string;
  adminToken: string;
  /** The running process, or undefined while stopped. */
  child: ChildProcess | undefined;
  /** Everything the current (or last) process printed on stdout and stderr, unless verbose. */
  output(): string;
  /** Starts (again) on the same port and database; resolves once /healthz answers. */
  start(): Promise<void>;
  /** SIGTERM and wait for exit (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** Stops the server and deletes the temporary database folder. */
  dispose(): Promise<void>;
  createSite(body: { name?: string; origins?: string[] }): Promise<SiteWithSecret>;
}

const MAIN = path.join(repoRoot, 'server/dist/main.js');

/**
 * How long a start may take before it counts as hung. A quiet start takes about a second; with four
 * browser files at once on CI's two cores (vitest.config.ts), or beside other work on a shared
 * machine, a child's start (node, the migrations of a fresh database) waits for a core, and 20 s
 * was missed at a load of 20. It bounds a hang, it measures nothing.
 */
const START_LIMIT_MS = 60_000;

/**
 * A process killed by a signal has `exitCode` null and `signalCode` set: checking `exitCode` alone
 * made stop()/kill() wait forever for an 'exit' event that had already fired.
 */
const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Runs the real, built server as a child process on a free loopback port and a temporary SQLite
 * database, exactly as `npm start` would, so tests cross the same process and HTTP boundaries as
 * customers do.
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const dir = opts.dbPath ? undefined : await mkdtemp(path.join(os.tmpdir(), 'loupe-test-'));
  const dbPath = opts.dbPath ?? path.join(dir!, 'loupe.db');
  // Mutable until the first start succeeds: see the retry below.
  let port = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  let url = `http://127.0.0.1:${port}`;

  let output = '';
  /**
   * Whether the server on `url` is this one: it takes this run's random admin token. Another
   * process that took the port before the child bound it (a parallel file's fixture server or
   * proxy, which answer any path) passed the health check once, and the test then created its site
   * on that process ("create site failed: 200"), while the child had exited with EADDRINUSE.
   */
  const answersOurToken = async () => {
    const res = await fetch(`${url}/v1/sites`, {
      headers: { authorization: `Bearer ${adminToken}` },
      signal: AbortSignal.timeout(2_000),
    });
    if (res.status !== 200) return false;
    const body = (await res.json().catch(() => undefined)) as { sites?: unknown } | undefined;
    return Array.isArray(body?.sites);
  };
  const server: TestServer = {
    url,
    port,
    dbPath,
    adminToken,
    child: undefined,
    output: () => output,
    async start() {
      const [command, args] = (opts.wrap ?? ((node, a) => [node, a]))(process.execPath, ['--enable-source-maps', MAIN]);
      const child = spawn(command, args, {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOUPE_DB: dbPath,
          LOUPE_ADMIN_TOKEN: adminToken,
          LOUPE_LOG_LEVEL: opts.verbose ? 'info' : 'warn',
          ...opts.env,
        },
        stdio: ['ignore', opts.verbose ? 'inherit' : 'pipe', opts.verbose ? 'inherit' : 'pipe'],
      });
      output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      server.child = child;
      const deadline = Date.now() + START_LIMIT_MS;
      while (Date.now() < deadline) {
        if (hasExited(child)) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
        try {
          // Bounded: whatever else holds the port may accept and never answer.
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
          if (res.ok && (await answersOurToken())) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy within ${START_LIMIT_MS / 1000} s:\n${output}`);
    },
    async stop() {
      const child = server.child;
      if (!child || hasExited(child)) return child?.exitCode ?? null;
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      const code = await exited;
      server.child = undefined;
      return code;
    },
    async kill() {
      const child = server.child;
      if (!child || hasExited(child)) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      server.child = undefined;
    },
    async dispose() {
      await server.kill();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async createSite(body) {
      const res = await fetch(`${url}/v1/sites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: body.name ?? 'Test site', origins: body.origins ?? [] }),
      });
      if (res.status !== 201) throw new Error(`create site failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as SiteWithSecret;
    },
  };
  // freePort() closes the port before the child binds it, so another process (a parallel test
  // file's server or browser) can take it in between; the first start then picks another port.
  // Restarts keep theirs: a test that restarts a server expects the same URL.
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      return server;
    } catch (err) {
      if (attempt >= 5 || !output.includes('EADDRINUSE')) throw err;
      port = await freePort();
      url = `http://127.0.0.1:${port}`;
      server.port = port;
      server.url = url;
    }
  }
}
