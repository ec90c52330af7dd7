// `npm run typecheck`: `tsc` over every workspace's projects, two at a time. Each `tsc` is one
// thread, so one after another they left a core of CI's two idle for the whole step. Each
// project's output is printed whole when it ends; the step fails if any project fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// The slowest first (they import the server or the widget whole), so that none starts last alone.
const PROJECTS = ['scripts', 'server', 'widget/test', 'dashboard/test', 'demo-site', 'shared', 'widget', 'dashboard'];
const AT_ONCE = 2;

/** Runs `tsc -p project`; resolves with its exit code once its output is printed. */
function check(project) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [tsc, '-p', project], { cwd: root });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`tsc -p ${project}: ${code === 0 ? 'ok' : `exit ${code}`} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code ?? 1);
    });
  });
}

const queue = [...PROJECTS];
const failed = [];
await Promise.all(
  Array.from({ length: AT_ONCE }, async () => {
    for (let project = queue.shift(); project; project = queue.shift()) {
      if ((await check(project)) !== 0) failed.push(project);
    }
  }),
);
if (failed.length > 0) {
  process.stderr.write(`typecheck failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
