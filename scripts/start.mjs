// `npm start`: install dependencies if they are missing or out of date, build what is stale, then
// run the server with the demo (it applies the database migrations itself). Plain Node ESM with no
// dependencies, because it runs before `npm install` on a fresh clone.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...p) => path.join(root, ...p);

/** Built workspaces in build order, each with the file whose age tells whether it is stale. */
const BUILDS = [
  { workspace: 'widget', output: 'dist/widget.js' },
  { workspace: 'dashboard', output: 'dist/index.html' },
  { workspace: 'server', output: 'dist/main.js' },
];
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let current; // the child process running now, so a signal reaches it
const log = (msg) => console.log(`[loupe] ${msg}`);

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** Newest modification time of a file, or of any file below a folder. */
function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

function needsInstall() {
  const hidden = at('node_modules', '.package-lock.json'); // written by npm after every install
  if (!existsSync(hidden)) return 'dependencies are not installed';
  if (mtime(at('package-lock.json')) > mtime(hidden)) return 'package-lock.json changed since the last install';
  return undefined;
}

function staleReason({ workspace, output }) {
  const pkg = JSON.parse(readFileSync(at(workspace, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) return undefined; // nothing to build (yet)
  const built = mtime(at(workspace, output));
  if (!built) return 'not built yet';
  const inputs = [at(workspace, 'src'), at(workspace, 'build.mjs'), at(workspace, 'package.json'), at('shared', 'src')];
  if (inputs.some((p) => newest(p) > built)) return 'sources changed';
  if (mtime(at('package-lock.json')) > built) return 'dependencies changed';
  return undefined;
}

/** npm itself: the one running `npm start` when there is one, else the npm on PATH. */
function npm(args) {
  const cli = process.env.npm_execpath;
  if (cli && /npm/i.test(path.basename(cli)) && /\.[cm]?js$/.test(cli)) return run(process.execPath, [cli, ...args]);
  const win = process.platform === 'win32';
  return run(win ? 'npm.cmd' : 'npm', args, { shell: win });
}

/** Runs a command with inherited stdio; resolves with its exit code (128 + n when killed by a signal). */
function run(command, args, { cwd = root, shell = false, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env, shell });
    current = child;
    child.on('error', (err) => {
      console.error(`[loupe] cannot run ${command}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? 128 + (signal ? (osSignals[signal] ?? 1) : 1));
    });
  });
}
const osSignals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

// The root package.json's `engines`, in words: the lines our dependencies support (Vite, under
// Vitest, needs 20.19 or 22.12; Vitest skips the odd line 23).
const SUPPORTED_NODE = 'Node 20.19+, 22.12+ or 24+';
function supportedNode(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major === 20) return minor >= 19;
  if (major === 22) return minor >= 12;
  return major >= 24;
}

async function main() {
  if (!supportedNode(process.versions.node)) {
    console.error(`[loupe] Node ${process.versions.node} is not supported: Loupe needs ${SUPPORTED_NODE}.`);
    return 1;
  }
  let stopping = false;
  const stop = (signal) => {
    stopping = true;
    // The server drains requests and flushes its writer on SIGTERM/SIGINT; just pass it on.
    current?.kill(signal);
  };
  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
  // npm runs us under `sh -c`; a SIGTERM sent to npm (kill, docker stop) kills that shell and
  // orphans us without any signal. Losing the parent therefore counts as SIGTERM, so the server
  // still shuts down cleanly instead of running on unsupervised.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && !stopping && stop('SIGTERM'), 500).unref();

  const install = needsInstall();
  if (install) {
    log(`installing dependencies (${install})`);
    const code = await npm(['install', '--no-audit', '--no-fund']);
    if (code !== 0 || stopping) return code || 1;
    // npm leaves its hidden lockfile alone when nothing changed; mark it current so the next start
    // does not install again.
    const now = new Date();
    utimesSync(at('node_modules', '.package-lock.json'), now, now);
  }

  for (const build of BUILDS) {
    const reason = staleReason(build);
    if (!reason) continue;
    log(`building ${build.workspace} (${reason})`);
    const code = await npm(['run', 'build', '--workspace', `@loupe/${build.workspace}`]);
    if (code !== 0 || stopping) {
      if (code !== 0) console.error(`[loupe] the ${build.workspace} build failed (exit ${code}); see above.`);
      return code || 1;
    }
  }

  if (stopping) return 1;
  log('starting the server');
  // In the caller's folder, so a relative LOUPE_DB means what the caller meant (npm start: the root).
  // With the demo for newcomers (the shop at /demo/ and its Demo site), which the server on its
  // own never starts; LOUPE_DEMO=false npm start runs it as production does.
  const env = { ...process.env, LOUPE_DEMO: process.env.LOUPE_DEMO ?? 'true' };
  return run(process.execPath, ['--enable-source-maps', at('server', 'dist', 'main.js')], { cwd: process.cwd(), env });
}

process.exitCode = await main();
