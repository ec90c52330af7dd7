import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';
import { startLoad, type LoadGenerator } from './chaos-support/load-generator.js';
import { checkStored } from './chaos-support/stored-ids.js';

// The storage failing under load. A real full disk: the built server runs in a mount namespace of
// its own (unshare, no privileges needed) with its database on a 48 MiB tmpfs, which the test fills
// through /proc/<pid>/root while widgets keep sending, then empties again. And a database file
// replaced under the running server (a restore by rename). Assertions are on facts: what was
// acknowledged is stored, nothing was acknowledged into a file nobody will read, every refusal is
// a 503 with Retry-After and the right code, /healthz says what is wrong and recovers; timings
// are only reported.

const ENV = { LOUPE_RATE_LIMIT_MAX: '1000000', LOUPE_WRITER_MAX_DELAY_MS: '5' };
const TMPFS_MB = 48;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let srv: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Whether this machine lets an unprivileged process mount a tmpfs in a namespace of its own. */
const namespaces = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'], {
  encoding: 'utf8',
});
const canMount = namespaces.status === 0;
if (!canMount)
  console.log(
    `FIGURE chaos-disk-full: skipped, no mount namespace here (${namespaces.stderr.trim() || namespaces.error?.message})`,
  );

/** Polls until `check` holds; fails after `ms` with what it was waiting for. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

async function health(url: string): Promise<{ status: number; storage: string }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, storage: ((await res.json()) as { storage: { state: string } }).storage.state };
}

/** Writes zeros into `file` until the file system has no space left; returns the bytes written. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1 << 20);
  let written = 0;
  try {
    for (let size = chunk.length; size >= 512; ) {
      try {
        written += writeSync(fd, chunk, 0, size);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        size >>= 1; // the last few blocks, smaller and smaller
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const count = (load: LoadGenerator, key: string) => load.answers.get(key) ?? 0;
const serverErrors = (load: LoadGenerator) =>
  [...load.answers].filter(([k]) => /^5/.test(k) && !/^503 (storage_full|storage_unavailable|overloaded)$/.test(k));

describe('chaos: storage', () => {
  it.skipIf(!canMount)(
    'a disk that fills up under load: 503 storage_full, nothing acknowledged lost, recovery by itself',
    { timeout: 150_000 },
    async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-chaos-disk-'));
      const mountPoint = dir;
      srv = await startTestServer({
        dbPath: path.join(mountPoint, 'loupe.db'),
        env: ENV,
        wrap: (node, args) => [
          'unshare',
          ['-rm', 'sh', '-c', `mount -t tmpfs -o size=${TMPFS_MB}m tmpfs "$0" && exec "$@"`, mountPoint, node, ...args],
        ],
      });
      const server = srv;
      // The tmpfs exists only in the server's namespace; its root is visible through /proc.
      const inside = (p: string) => path.join('/proc', String(server.child!.pid), 'root', p);
      const { publicKey } = await server.createSite({ name: 'Disk full' });
      const load = startLoad(() => server.url, publicKey, 8);

      await until('200 acknowledged batches', () => load.acked.length >= 200);
      const filler = inside(path.join(mountPoint, 'filler'));
      const t0 = performance.now();
      const filled = fillUp(filler);
      const ackedWhenFull = load.acked.length;
      await until('50 answers 503 storage_full', () => count(load, '503 storage_full') >= 50, 60_000);
      await until('/healthz reporting the full disk', async () => (await health(server.url)).storage === 'full');
      const down = await health(server.url);

      rmSync(filler);
      const t1 = performance.now();
      await until('/healthz ok again', async () => (await health(server.url)).status === 200);
      const recoveredMs = performance.now() - t1;
      const ackedAtRecovery = load.acked.length;
      await until('200 more acknowledged batches after recovery', () => load.acked.length >= ackedAtRecovery + 200);
      await load.stop();

      // Copied out to read it: SQLite resolves /proc/<pid>/root like any symlink, to this namespace's
      // file system. No request is in flight, so no commit or checkpoint changes the files meanwhile.
      const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'loupe-chaos-copy-')), 'loupe.db');
      for (const suffix of ['', '-wal']) copyFileSync(inside(server.dbPath + suffix), copy + suffix);
      const stored = checkStored(copy, load.acked);
      rmSync(path.dirname(copy), { recursive: true, force: true });
      console.log(
        `FIGURE chaos-disk-full: tmpfs=${TMPFS_MB}MiB, filler=${Math.round(filled / 2 ** 20)}MiB, acked=${stored.acked}, ` +
          `acked-while-full=${ackedAtRecovery - ackedWhenFull}, lost=${stored.lost}, duplicates=${stored.duplicates}, ` +
          `answers=${JSON.stringify(Object.fromEntries(load.answers))}, full-for-ms=${Math.round(t1 - t0)}, ` +
          `healthz-ok-ms-after-space=${Math.round(recoveredMs)}, integrity=${stored.integrity}`,
      );
      expect(down).toEqual({ status: 503, storage: 'full' });
      expect(stored.integrity).toBe('ok');
      expect(stored.lost).toBe(0);
      expect(stored.duplicates).toBe(0);
      expect(serverErrors(load)).toEqual([]);
      expect(load.missingRetryAfter).toBe(0);
      expect(await server.stop()).toBe(0);
    },
  );

  it('a database replaced under load (a restore by rename): no acknowledgement after it, 503 storage_unavailable, /healthz moved', {
    timeout: 120_000,
  }, async () => {
    srv = await startTestServer({ env: ENV });
    const server = srv;
    const { publicKey } = await server.createSite({ name: 'Replaced' });
    const load = startLoad(() => server.url, publicKey, 8);
    await until('200 acknowledged batches', () => load.acked.length >= 200);

    copyFileSync(server.dbPath, `${server.dbPath}.restore`);
    renameSync(`${server.dbPath}.restore`, server.dbPath);
    const replacedAt = performance.now();
    await until('50 answers 503 storage_unavailable', () => count(load, '503 storage_unavailable') >= 50);
    const h = await health(server.url);
    await load.stop();

    const ackedAfter = load.ackedSentAt.filter((t) => t > replacedAt).length;
    console.log(
      `FIGURE chaos-db-replaced: acked-before=${load.ackedSentAt.filter((t) => t <= replacedAt).length}, ` +
        `acked-for-requests-sent-after=${ackedAfter}, answers=${JSON.stringify(Object.fromEntries(load.answers))}`,
    );
    // Every request sent after the file was replaced reached a writer that had to check first.
    expect(ackedAfter).toBe(0);
    expect(h).toEqual({ status: 503, storage: 'moved' });
    expect(serverErrors(load)).toEqual([]);
    expect(load.missingRetryAfter).toBe(0);
  });
});
