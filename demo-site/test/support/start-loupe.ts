import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from '@loupe/scripts/testing';

/** One `curl -H '…' '…'` line of the banner, ready to replay with fetch. */
export interface BannerCurl {
  url: string;
  headers: Record<string, string>;
}

export interface StartedLoupe {
  /** Where the banner says to open the demo shop. */
  demoUrl: string;
  origin: string;
  publicKey: string;
  secretKey: string;
  curls: BannerCurl[];
  /** The banner's `npm run seed -- …` arguments (after the `--`), unquoted. */
  seedArgs: string[];
  /** The temporary database (for debugging a failure; the test asserts through HTTP only). */
  dbPath: string;
  /** Everything `npm start` printed so far. */
  output(): string;
  /** SIGTERM to start.mjs (it passes it on to the server); resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * A stand-in for npm that refuses to run: start.mjs calls npm only when the tree is not installed
 * or not built, and a test must never install or build inside the repository it is testing.
 */
const NPM_GUARD = `console.error('[e2e] start.mjs wanted to run: npm ' + process.argv.slice(2).join(' ') +
  ' (the tree is stale: run \`npm run build\` first)'); process.exit(99);`;

/** Splits a printed command line on spaces, honouring single quotes (what the banner uses). */
function shellWords(line: string): string[] {
  return [...line.trim().matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

function parseCurl(line: string): BannerCurl {
  const quoted = [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const url = quoted.find((q) => /^https?:/.test(q));
  if (!url) throw new Error(`no URL in the banner's curl line: ${line}`);
  const headers: Record<string, string> = {};
  for (const h of quoted.filter((q) => q !== url)) {
    const i = h.indexOf(':');
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return { url, headers };
}

/**
 * `npm start` as a site owner runs it (scripts/start.mjs) on a temporary database and a free
 * port, the Demo site created on first start. Resolves once the banner is complete, with what
 * it printed: the shop's URL, both keys, and the curl commands.
 */
export async function startLoupe(): Promise<StartedLoupe> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-e2e-'));
  const guard = path.join(dir, 'npm-guard.mjs');
  await writeFile(guard, NPM_GUARD);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      npm_execpath: guard,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOUPE_DB: path.join(dir, 'loupe.db'),
      LOUPE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));

  const stop = async (): Promise<number | null> => {
    if (!done) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
    return exited;
  };

  const deadline = Date.now() + 60_000;
  // The banner ends with the seed hint, after both curl lines.
  while (!/npm run seed/.test(out)) {
    if (done || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start ${done ? 'exited' : 'printed no complete banner within 60 s'}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const field = (re: RegExp) => {
    const m = out.match(re);
    if (!m) throw new Error(`the banner has no ${re}:\n${out}`);
    return m[1]!;
  };
  const demoUrl = field(/Demo shop:\s+(\S+)/);
  return {
    demoUrl,
    origin: new URL(demoUrl).origin,
    publicKey: field(/public key:\s+(pk_\S+)/),
    secretKey: field(/secret key:\s+(sk_\S+)/),
    dbPath: path.join(dir, 'loupe.db'),
    seedArgs: shellWords(field(/npm run seed -- (.+)/)),
    curls: out
      .split('\n')
      .filter((l) => l.trim().startsWith('curl '))
      .map(parseCurl),
    output: () => out,
    stop,
  };
}
