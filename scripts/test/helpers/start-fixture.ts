import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/index.js';

/**
 * A stand-in for server/dist/main.js: reports how it was started and exits 0 on SIGTERM/SIGINT.
 * The handlers come before the "started" line: a test that signals as soon as it reads that line
 * must find them installed (a loaded machine made that window real).
 */
const FAKE_SERVER = `
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { console.log('fake server got ' + s); process.exit(0); });
console.log('fake server started in ' + process.cwd() + ' mark=' + process.env.FIXTURE_MARK + ' demo=' + process.env.LOUPE_DEMO + ' pids=' + process.pid + ',' + process.ppid);
if (process.env.FAKE_SERVER_EXIT) process.exit(Number(process.env.FAKE_SERVER_EXIT));
setInterval(() => {}, 1000);
`;

/**
 * A stand-in for npm: logs each call, and "installs" or "builds" by writing the files start.mjs
 * looks at (relative to its cwd). FAKE_NPM_FAIL names a step that fails instead; FAKE_NPM_READONLY
 * makes every call fail without writing anything.
 */
const FAKE_NPM = `
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_NPM_LOG, args.join(' ') + '\\n');
// Read-only mode for runs inside the real repository: never write there, just report and fail.
if (process.env.FAKE_NPM_READONLY) { console.error('fake npm: would run npm ' + args.join(' ')); process.exit(99); }
const step = args[0] === 'install' ? 'install' : args.at(-1);
if (process.env.FAKE_NPM_FAIL === step) { console.error('fake npm: ' + step + ' failed'); process.exit(5); }
if (step === 'install') {
  mkdirSync('node_modules', { recursive: true });
  writeFileSync('node_modules/.package-lock.json', '{}');
} else if (step === '@loupe/widget') {
  mkdirSync('widget/dist', { recursive: true });
  writeFileSync('widget/dist/widget.js', '// built');
} else if (step === '@loupe/dashboard') {
  mkdirSync('dashboard/dist', { recursive: true });
  writeFileSync('dashboard/dist/index.html', '<!-- built -->');
} else if (step === '@loupe/server') {
  mkdirSync('server/dist', { recursive: true });
  writeFileSync('server/dist/main.js', readFileSync(process.env.FAKE_SERVER_TEMPLATE));
}
`;

export interface StartFixture {
  root: string;
  /** Environment that makes start.mjs use the fake npm. */
  env: NodeJS.ProcessEnv;
  npmCalls(): string[];
  /** Sets the modification time of a path (and everything below it) to `secondsAgo` in the past. */
  age(relative: string, secondsAgo: number): void;
}

function setTimes(p: string, when: Date): void {
  if (statSync(p).isDirectory()) for (const e of readdirSync(p)) setTimes(path.join(p, e), when);
  utimesSync(p, when, when);
}

/**
 * A miniature repository with a copy of the real scripts/start.mjs. By default everything is
 * installed and built, sources an hour old and outputs half an hour old; `state` removes parts.
 */
export function createStartFixture(
  dir: string,
  state: { installed?: boolean; built?: boolean; widgetBuildScript?: boolean } = {},
): StartFixture {
  const root = path.join(dir, 'repo');
  const file = (rel: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  mkdirSync(path.join(root, 'scripts'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'scripts/start.mjs'), path.join(root, 'scripts/start.mjs'));
  file('package.json', JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
  file('package-lock.json', '{}');
  file('shared/src/index.ts', 'export {};');
  const buildScript = { scripts: { build: 'node build.mjs' } };
  file('widget/package.json', JSON.stringify(state.widgetBuildScript === false ? {} : buildScript));
  file('widget/src/loader.ts', 'export {};');
  file('widget/build.mjs', '');
  file('dashboard/package.json', JSON.stringify(buildScript));
  file('dashboard/src/main.tsx', 'export {};');
  file('dashboard/build.mjs', '');
  file('server/package.json', JSON.stringify(buildScript));
  file('server/src/main.ts', 'export {};');
  file('server/build.mjs', '');
  writeFileSync(path.join(dir, 'fake-server.js'), FAKE_SERVER);
  writeFileSync(path.join(dir, 'fake-npm-cli.mjs'), FAKE_NPM);
  writeFileSync(path.join(dir, 'npm.log'), '');

  const fixture: StartFixture = {
    root,
    env: {
      ...process.env,
      npm_execpath: path.join(dir, 'fake-npm-cli.mjs'),
      FAKE_NPM_LOG: path.join(dir, 'npm.log'),
      FAKE_SERVER_TEMPLATE: path.join(dir, 'fake-server.js'),
      FIXTURE_MARK: 'passed-through',
    },
    npmCalls: () => readFileSync(path.join(dir, 'npm.log'), 'utf8').split('\n').filter(Boolean),
    age: (rel, secondsAgo) => setTimes(path.join(root, rel), new Date(Date.now() - secondsAgo * 1000)),
  };
  fixture.age('.', 3600);
  if (state.installed !== false) {
    file('node_modules/.package-lock.json', '{}');
    fixture.age('node_modules', 1800);
  }
  if (state.built !== false) {
    file('widget/dist/widget.js', '// built');
    file('dashboard/dist/index.html', '<!-- built -->');
    file('server/dist/main.js', FAKE_SERVER);
    fixture.age('widget/dist', 1800);
    fixture.age('dashboard/dist', 1800);
    fixture.age('server/dist', 1800);
  }
  return fixture;
}
