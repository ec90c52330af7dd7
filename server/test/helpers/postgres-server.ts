import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// A real PostgreSQL server for one test file: Debian's `postgresql` binaries (which .ci/run
// installs), a fresh cluster in a temporary directory, listening on 127.0.0.1 on a free port.
// PostgreSQL refuses to run as root, so under root (CI) every binary runs as the `postgres`
// system user that the Debian package creates, through setpriv, and the directory is theirs.
// It takes a second or two to start: a test that only needs a fresh database takes one on the
// run's shared server instead (postgres-database.ts); a file starts its own only when it stops,
// kills or reconfigures the server, or must see every connection on it.

/** Where Debian installs each major version's binaries (postgresql-NN). */
const DEBIAN_ROOT = '/usr/lib/postgresql';
/** The oldest major version Loupe supports on PostgreSQL. */
const MIN_MAJOR = 14;
const SYSTEM_USER = 'postgres';
const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`: trust authentication, no password. */
  url: string;
  port: number;
  database: string;
  /** The major version of the binaries that run it. */
  major: number;
  /** A URL of another database on the same server (after `createDatabase`). */
  urlOf(database: string): string;
  /** Creates an empty database on the server, or a copy of `template` (which nobody may be connected to). */
  createDatabase(name: string, template?: string): Promise<void>;
  /** Fast shutdown, then removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** The database created for the test; default `loupe`. */
  database?: string;
  /** The server's max_connections; PostgreSQL's default (100) unless set. */
  maxConnections?: number;
}

/** The newest installed major version ≥ 14, or a failure that names the package to install. */
export function findPostgresBinaries(root = DEBIAN_ROOT): { binDir: string; major: number } {
  const majors = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n >= MIN_MAJOR)
        .filter((n) => existsSync(path.join(root, String(n), 'bin', 'postgres')))
        .sort((a, b) => b - a)
    : [];
  const major = majors[0];
  if (major === undefined) {
    throw new Error(
      `PostgreSQL ≥ ${MIN_MAJOR} server binaries not found under ${root}/<version>/bin. ` +
        "Install Debian's `postgresql` package (apt-get install postgresql), as .ci/run does.",
    );
  }
  return { binDir: path.join(root, String(major), 'bin'), major };
}

/** Starts a throwaway PostgreSQL server with one empty database; see the file comment. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const database = options.database ?? 'loupe';
  const { binDir, major } = findPostgresBinaries();
  const runAs = process.getuid?.() === 0 ? systemUser() : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-pg-'));
  const dataDir = path.join(dir, 'data');
  let child: ChildProcess | undefined;
  const removeOnExit = () => {
    // The test process is going away without afterAll (a crash): leave nothing behind.
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', removeOnExit);
  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    // --pdeathsig: if the test process is killed (no afterAll, no exit handler), the server dies too.
    const command = (binary: string, args: string[]): [string, string[]] =>
      runAs
        ? [
            'setpriv',
            [
              `--reuid=${runAs.uid}`,
              `--regid=${runAs.gid}`,
              '--clear-groups',
              '--pdeathsig=SIGKILL',
              path.join(binDir, binary),
              ...args,
            ],
          ]
        : [path.join(binDir, binary), args];

    // --no-sync: a test cluster need not survive a power cut, and fsyncs would cost seconds.
    const [initdb, initArgs] = command('initdb', [
      '-D',
      dataDir,
      '-U',
      SYSTEM_USER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ]);
    try {
      execFileSync(initdb, initArgs, { cwd: dir, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`initdb failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // fsync off for the same reason as --no-sync; synchronous_commit stays on (the default),
      // so a COMMIT still means what the server's durability rules rely on.
      const [postgres, args] = command('postgres', [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-k',
        dir,
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        ...(options.maxConnections === undefined ? [] : ['-c', `max_connections=${options.maxConnections}`]),
      ]);
      child = spawn(postgres, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      const started = await waitUntilReady(child);
      if (started.ok) break;
      child = undefined;
      // Another process may have taken the free port between our look and postgres's bind.
      if (!started.log.includes('could not bind') || attempt === 3) {
        throw new Error(`PostgreSQL did not start:\n${started.log}`);
      }
    }

    const urlOf = (name: string) => `postgres://${SYSTEM_USER}@127.0.0.1:${port}/${name}`;
    const createDatabase = async (name: string, template?: string) => {
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        const from = template === undefined ? '' : ` TEMPLATE ${pg.escapeIdentifier(template)}`;
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`);
      } finally {
        await client.end();
      }
    };
    await createDatabase(database);

    const running = child;
    let stopped: Promise<void> | undefined;
    return {
      url: urlOf(database),
      port,
      database,
      major,
      urlOf,
      createDatabase,
      stop() {
        stopped ??= (async () => {
          await stopProcess(running);
          process.removeListener('exit', removeOnExit);
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  } catch (error) {
    if (child) await stopProcess(child);
    process.removeListener('exit', removeOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function systemUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', SYSTEM_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SYSTEM_USER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `PostgreSQL refuses to run as root, and the \`${SYSTEM_USER}\` system user to run it as does not exist. ` +
        "Installing Debian's `postgresql` package creates it (apt-get install postgresql).",
    );
  }
}

/** Resolves when the server logs that it accepts connections, or with its log when it exits first. */
function waitUntilReady(child: ChildProcess): Promise<{ ok: true } | { ok: false; log: string }> {
  return new Promise((resolve) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, log: `${log}\n(no "${READY_LINE}" within ${START_TIMEOUT_MS} ms)` });
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes(READY_LINE)) finish({ ok: true });
    };
    const onExit = () => finish({ ok: false, log });
    function finish(result: { ok: true } | { ok: false; log: string }) {
      clearTimeout(timer);
      child.off('exit', onExit);
      // After start the log is drained unread: a full pipe would block the server.
      child.stderr?.off('data', onData);
      if (result.ok) child.stderr?.resume();
      resolve(result);
    }
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGINT is PostgreSQL's fast shutdown (rolls back open transactions, closes connections). */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Asks the OS for a free loopback port; postgres may lose it to a race, which the caller retries. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
