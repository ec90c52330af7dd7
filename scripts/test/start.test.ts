import { readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../src/testing/index.js';
import { spawnProcess, type Spawned } from './helpers/spawn-process.js';
import { createStartFixture, type StartFixture } from './helpers/start-fixture.js';

const dirs: string[] = [];
const running: Spawned[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.dispose()));
  // A failed orphan test could leave start.mjs and the fake server behind: end them by their pids,
  // but only while their working folder is still one of our fixtures (a pid may have been reused).
  for (const s of running) {
    for (const m of s.stdout().matchAll(/pids=(\d+),(\d+)/g)) {
      for (const pid of [Number(m[1]), Number(m[2])]) {
        try {
          if (readlinkSync(`/proc/${pid}/cwd`).includes('loupe-start-')) process.kill(pid, 'SIGKILL');
        } catch {
          // already gone, or no /proc on this platform
        }
      }
    }
  }
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function start(f: StartFixture, env: Record<string, string> = {}): Spawned {
  const s = spawnProcess(process.execPath, [path.join(f.root, 'scripts/start.mjs')], {
    env: { ...f.env, ...env },
    cwd: f.root,
  });
  running.push(s);
  return s;
}

/** Waits for the (fake) server, stops start.mjs with SIGTERM, and returns its exit code. */
async function startedThenStopped(s: Spawned): Promise<number | null> {
  await s.waitForStdout(/fake server started in .* mark=passed-through/);
  s.child.kill('SIGTERM');
  const code = await s.exited;
  // 'exit' can come before the last of stdout has been read: wait for the pipe to close.
  await s.stdoutClosed;
  expect(s.stdout()).toContain('fake server got SIGTERM');
  return code;
}

describe('scripts/start.mjs decides what to install and build', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-start-'));
    dirs.push(dir);
  });

  it('on a fresh clone installs, builds the widget, the dashboard, then the server, starts it and forwards SIGTERM', {
    timeout: 30_000,
  }, async () => {
    const f = createStartFixture(dir, { installed: false, built: false });
    const s = start(f);
    expect(await startedThenStopped(s)).toBe(0);
    expect(f.npmCalls()).toEqual([
      'install --no-audit --no-fund',
      'run build --workspace @loupe/widget',
      'run build --workspace @loupe/dashboard',
      'run build --workspace @loupe/server',
    ]);
  });

  it('when everything is current, runs npm not at all', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir);
    expect(await startedThenStopped(start(f))).toBe(0);
    expect(f.npmCalls()).toEqual([]);
  });

  it('rebuilds only the workspace whose sources changed', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir);
    f.age('server/src/main.ts', 0);
    expect(await startedThenStopped(start(f))).toBe(0);
    expect(f.npmCalls()).toEqual(['run build --workspace @loupe/server']);
  });

  it('rebuilds only the dashboard when its sources changed', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir);
    f.age('dashboard/src/main.tsx', 0);
    expect(await startedThenStopped(start(f))).toBe(0);
    expect(f.npmCalls()).toEqual(['run build --workspace @loupe/dashboard']);
  });

  it('rebuilds every workspace when the shared contract changed', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir);
    f.age('shared/src/index.ts', 0);
    expect(await startedThenStopped(start(f))).toBe(0);
    expect(f.npmCalls()).toEqual([
      'run build --workspace @loupe/widget',
      'run build --workspace @loupe/dashboard',
      'run build --workspace @loupe/server',
    ]);
  });

  it('reinstalls and rebuilds when package-lock.json is newer than the last install', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir);
    f.age('package-lock.json', 0);
    expect(await startedThenStopped(start(f))).toBe(0);
    expect(f.npmCalls()).toEqual([
      'install --no-audit --no-fund',
      'run build --workspace @loupe/widget',
      'run build --workspace @loupe/dashboard',
      'run build --workspace @loupe/server',
    ]);
  });

  it('skips a workspace that has no build script', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir, { built: false, widgetBuildScript: false });
    expect(await startedThenStopped(start(f))).toBe(0);
    expect(f.npmCalls()).toEqual(['run build --workspace @loupe/dashboard', 'run build --workspace @loupe/server']);
  });

  it('stops with the failing exit code when a build fails, without starting the server', {
    timeout: 30_000,
  }, async () => {
    const f = createStartFixture(dir, { built: false });
    const s = start(f, { FAKE_NPM_FAIL: '@loupe/widget' });
    expect(await s.exited).toBe(5);
    expect(s.stderr()).toContain('the widget build failed');
    expect(s.stdout()).not.toContain('fake server');
    expect(f.npmCalls()).toEqual(['run build --workspace @loupe/widget']);
  });

  it('stops when the install fails', { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir, { installed: false });
    const s = start(f, { FAKE_NPM_FAIL: 'install' });
    expect(await s.exited).toBe(5);
    expect(s.stdout()).not.toContain('fake server');
  });

  it('stops the server when npm (its parent shell) is killed without passing the signal on', {
    timeout: 30_000,
  }, async () => {
    const f = createStartFixture(dir);
    // As under `npm start`: a shell between the caller and start.mjs (`; true` keeps sh from exec'ing).
    const s = spawnProcess('sh', ['-c', `"${process.execPath}" scripts/start.mjs; true`], { env: f.env, cwd: f.root });
    running.push(s);
    await s.waitForStdout(/fake server started/);
    s.child.kill('SIGKILL'); // the shell dies; start.mjs is orphaned and receives nothing
    // start.mjs and the server both hold stdout: closed means both are gone.
    const closed = await Promise.race([s.stdoutClosed.then(() => true), delay(10_000).then(() => false)]);
    expect(closed, 'start.mjs or the server is still running after its parent died').toBe(true);
    expect(s.stdout()).toContain('fake server got SIGTERM');
  });

  it('runs the server with the demo (LOUPE_DEMO=true) unless the caller says otherwise', {
    timeout: 30_000,
  }, async () => {
    const f = createStartFixture(dir);
    const demo = start(f);
    await demo.waitForStdout(/fake server started in .* demo=true /);
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    const plain = start(f, { LOUPE_DEMO: 'false' });
    await plain.waitForStdout(/fake server started in .* demo=false /);
    plain.child.kill('SIGTERM');
    expect(await plain.exited).toBe(0);
  });

  it("exits with the server's own exit code", { timeout: 30_000 }, async () => {
    const f = createStartFixture(dir);
    const s = start(f, { FAKE_SERVER_EXIT: '3' });
    expect(await s.exited).toBe(3);
  });
});

describe('npm start in this repository (after npm run build)', () => {
  it('starts the real server with the Demo site and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-start-real-'));
    dirs.push(dir);
    // Only for its fake npm, read-only here: an npm call in this repository means a stale tree, and
    // must never overwrite the real build output.
    const f = createStartFixture(dir);
    const port = await freePort();
    const s = spawnProcess(process.execPath, ['scripts/start.mjs'], {
      cwd: repoRoot,
      env: {
        ...f.env,
        FAKE_NPM_READONLY: '1',
        PORT: String(port),
        LOUPE_DB: path.join(dir, 'loupe.db'),
        LOUPE_LOG_LEVEL: 'warn',
      },
    });
    running.push(s);
    await s.waitForStdout(/secret key:\s+sk_/);
    expect(f.npmCalls(), 'the tree is stale: run `npm run build` before this test').toEqual([]);
    const res = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/');
    expect((await fetch(`http://127.0.0.1:${port}/app/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/demo/`)).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
