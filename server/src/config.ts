import path from 'node:path';
import { emailSchema, newPasswordSchema } from '@loupe/shared';
import { MAX_EVENTS_PER_BATCH } from '@loupe/shared/constants';
import { z } from 'zod';
import {
  type DatabaseConfig,
  type DatabaseLocation,
  DEFAULT_SQLITE_PATH,
  databaseLocation,
} from './db/database-config.js';
import { packageRoot } from './package-root.js';

const FUNNEL_SAMPLE_THRESHOLD_DEFAULT = 5000;

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Plain decimal digits only. `z.coerce.number()` read `PORT=` as 0 (a random port), `1e3` as 1000
 * and `0x50` as 80: a typo must stop the server, not change what it does.
 */
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, `must be a whole decimal number from ${min} to ${max} (digits only)`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be a whole decimal number from ${min} to ${max}`)
        .max(max, `must be a whole decimal number from ${min} to ${max}`),
    );

/**
 * `LOUPE_TRUST_PROXY` follows Fastify's `trustProxy`: `true`, a hop count, or a comma-separated list
 * of addresses/CIDRs. Off by default so a forged X-Forwarded-For never dodges the rate limit.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === '' || v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.every((s) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s))) return list;
    ctx.addIssue({ code: 'custom', message: 'expected true, false, a hop count, or a list of IPs/CIDRs' });
    return z.NEVER;
  });

/**
 * The database variables, shared by the server's configuration and `npm run migrate`. LOUPE_DB wins
 * over DATABASE_URL (the name hosting platforms set), so a platform's URL never overrides Loupe's own.
 */
const databaseFields = {
  LOUPE_DB: databaseLocation,
  DATABASE_URL: databaseLocation,
  /**
   * PostgreSQL: at most this many connections in the instance's pool for its background work (the
   * change feed's NOTIFYs, partition upkeep, the retention job's partition drops), opened on demand. Requests and the
   * ingest writer do not use it: they share the instance's one synchronous connection (see
   * docs/postgresql.md for the whole count per instance).
   */
  LOUPE_PG_POOL: int(1, 100).default(10),
  /**
   * SQLite: the most memory, in MiB, the requests' connection keeps of the file's pages (filled as
   * reads touch them, so a small database uses little). SQLite's own default is 2 MiB; at 10 M
   * events a read that looks rows up by id (an audience's sampled answers and sessions) then reads
   * most pages from the OS again, and 128 MiB takes a quarter of its CPU off (docs/query-speed.md).
   */
  LOUPE_SQLITE_CACHE_MB: int(2, 65_536).default(128),
};

type DatabaseEnv = z.infer<z.ZodObject<typeof databaseFields>>;

function chosenDatabase(e: DatabaseEnv): { variable: 'LOUPE_DB' | 'DATABASE_URL'; location: DatabaseLocation } {
  if (e.LOUPE_DB !== undefined) return { variable: 'LOUPE_DB', location: e.LOUPE_DB };
  if (e.DATABASE_URL !== undefined) return { variable: 'DATABASE_URL', location: e.DATABASE_URL };
  return { variable: 'LOUPE_DB', location: { kind: 'sqlite', path: path.resolve(DEFAULT_SQLITE_PATH) } };
}

function databaseConfig(e: DatabaseEnv): DatabaseConfig {
  const { location } = chosenDatabase(e);
  return location.kind === 'postgres'
    ? { ...location, poolSize: e.LOUPE_PG_POOL }
    : { ...location, cacheMb: e.LOUPE_SQLITE_CACHE_MB };
}

/**
 * Instances sharing PostgreSQL must encrypt with one key, and a key file next to a SQLite file is
 * each machine's own: a webhook secret one instance stored would not decrypt on another.
 */
export const POSTGRES_NEEDS_KEY =
  'must be set when the database is PostgreSQL: every instance must encrypt webhook and link-survey ' +
  'secrets with the same key (`openssl rand -base64 32`, the same value on every instance)';

const envSchema = z
  .object({
    PORT: int(0, 65_535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    ...databaseFields,
    // Empty means unset (as in `LOUPE_ADMIN_TOKEN=` in an env file): the admin API is then disabled.
    LOUPE_ADMIN_TOKEN: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().min(16, 'must be at least 16 characters (it guards site creation)').optional(),
    ),
    LOUPE_TRUST_PROXY: trustProxy.default(false),
    LOUPE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Requests per window per client IP and site key on the ingestion route. */
    LOUPE_RATE_LIMIT_MAX: int(1, 1_000_000).default(600),
    LOUPE_RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default(60_000),
    /** Requests per window per client IP on every other API route (read API, prompts, sites, auth). */
    LOUPE_API_RATE_LIMIT_MAX: int(1, 1_000_000).default(1200),
    /** Requests per window per client IP on the link surveys' hosted pages and their answers (/s/…). */
    LOUPE_LINK_RATE_LIMIT_MAX: int(1, 1_000_000).default(60),
    /** Failed logins per account, and per client IP, within LOUPE_LOGIN_WINDOW_MS before 429. */
    LOUPE_LOGIN_MAX_FAILURES: int(1, 10_000).default(10),
    LOUPE_LOGIN_MAX_FAILURES_PER_CLIENT: int(1, 100_000).default(50),
    LOUPE_LOGIN_WINDOW_MS: int(1000, 86_400_000).default(15 * 60 * 1000),
    /**
     * Rate-limit buckets (client IP, or client IP and site) each limiter holds at once. A live
     * bucket is never evicted: past this, new clients share one bucket until windows end. ~100 bytes each.
     */
    LOUPE_RATE_LIMIT_BUCKETS: int(1, 10_000_000).default(100_000),
    /** Group commit: how long the writer waits for more requests before committing, and its batch cap. */
    LOUPE_WRITER_MAX_DELAY_MS: int(0, 1000).default(2),
    LOUPE_WRITER_MAX_ROWS: int(1, 100_000).default(2000),
    /**
     * Back-pressure: above this many rows waiting behind the commit in flight, /v1/collect answers
     * 503 + Retry-After. It also bounds the next commit (the writer takes the whole queue): 20,000
     * rows are ~0.2-0.3 s of writing at bench:ingest's rates, and a bounded amount of memory.
     */
    LOUPE_WRITER_MAX_QUEUED_ROWS: int(MAX_EVENTS_PER_BATCH, 10_000_000).default(20_000),
    /** Commit on a dedicated thread (on PostgreSQL: a process) off the event loop; off = on the main thread. */
    LOUPE_WRITER_THREAD: bool.default(true),
    /**
     * PostgreSQL: the writer process's lock_timeout. A commit that waits longer than this for a lock
     * (a site's write lock, a row another connection holds: a long admin transaction, a stuck
     * backfill) is rolled back and its requests answer 503 + Retry-After, instead of waiting for
     * the 30 s statement timeout and answering 500. A commit holds its locks for milliseconds.
     */
    LOUPE_PG_WRITER_LOCK_TIMEOUT_MS: int(1, 60_000).default(5_000),
    /**
     * Slow clients: the whole request (headers and body) and its headers must arrive within these,
     * or the connection gets 408 and is closed (a body trickled a byte at a time held a socket open
     * indefinitely). Idle keep-alive connections close after LOUPE_KEEP_ALIVE_TIMEOUT_MS; one
     * connection serves at most LOUPE_MAX_REQUESTS_PER_SOCKET requests; past LOUPE_MAX_CONNECTIONS
     * open connections, new ones are closed at once.
     */
    LOUPE_REQUEST_TIMEOUT_MS: int(1000, 600_000).default(30_000),
    LOUPE_HEADERS_TIMEOUT_MS: int(500, 600_000).default(10_000),
    LOUPE_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
    LOUPE_MAX_REQUESTS_PER_SOCKET: int(1, 1_000_000).default(1000),
    LOUPE_MAX_CONNECTIONS: int(1, 1_000_000).default(1000),
    /**
     * How often the retention job deletes what each site's windows no longer cover (its first run is
     * 30 s after start). A day by default; shorter only to catch up faster, never needed for correctness.
     */
    LOUPE_RETENTION_INTERVAL_MS: int(60_000, 7 * 86_400_000).default(86_400_000),
    /**
     * An ad-hoc funnel (GET /v1/funnels) walks every session of its range while step 1 was first
     * reached at most this many times in it; past it, a fixed sample of at most this many (a power
     * of ½ of them), scaled and flagged. The default keeps a sampled read near 20 ms of CPU at any
     * size on the loaded 2-core benchmark machine (docs/query-speed.md).
     */
    LOUPE_FUNNEL_SAMPLE_THRESHOLD: int(1, 1_000_000_000).default(FUNNEL_SAMPLE_THRESHOLD_DEFAULT),
    /** Webhooks: deliver to loopback and private addresses too (a self-hosted receiver on the same network). */
    LOUPE_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
    /** Webhook deliveries in flight at once, over all endpoints (each endpoint has one at a time). */
    LOUPE_WEBHOOK_CONCURRENCY: int(1, 1000).default(8),
    /** 32 random bytes, base64: encrypts webhook signing secrets at rest. Unset: a key file next to the database (SQLite only). */
    LOUPE_ENCRYPTION_KEY: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
          message: 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
        })
        .optional(),
    ),
    /** This server's address as people reach it (e.g. https://loupe.example.com): links in Slack messages. */
    LOUPE_PUBLIC_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
          message: 'must be an absolute http(s) URL',
        })
        .optional(),
    ),
    LOUPE_WIDGET_DIR: z.string().min(1).optional(),
    LOUPE_DEMO_DIR: z.string().min(1).optional(),
    LOUPE_DASHBOARD_DIR: z.string().min(1).optional(),
    /**
     * The demo for newcomers (`npm start` sets it): the shop under /demo/ with its deliberately slow
     * images, and on first start with an empty database the "Demo" site. Off, as
     * `node server/dist/main.js` runs in production, none of it exists.
     */
    LOUPE_DEMO: bool.default(false),
    /** The first owner, created at start while no user exists (both or neither). */
    LOUPE_OWNER_EMAIL: z.preprocess((v) => (v === '' ? undefined : v), emailSchema.optional()),
    LOUPE_OWNER_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), newPasswordSchema.optional()),
  })
  .refine((e) => (e.LOUPE_OWNER_EMAIL === undefined) === (e.LOUPE_OWNER_PASSWORD === undefined), {
    message: 'set both LOUPE_OWNER_EMAIL and LOUPE_OWNER_PASSWORD, or neither',
    path: ['LOUPE_OWNER_PASSWORD'],
  })
  .refine((e) => e.LOUPE_HEADERS_TIMEOUT_MS <= e.LOUPE_REQUEST_TIMEOUT_MS, {
    // Node refuses a headers timeout longer than the request's (the headers are part of it).
    path: ['LOUPE_HEADERS_TIMEOUT_MS'],
    message: 'must not be longer than LOUPE_REQUEST_TIMEOUT_MS',
  })
  .superRefine((e, ctx) => {
    // Not stored in the database instead: the key would then sit next to the secrets it protects,
    // and one dump (a backup, a copy for a test) would give both away.
    if (chosenDatabase(e).location.kind === 'postgres' && e.LOUPE_ENCRYPTION_KEY === undefined)
      ctx.addIssue({ code: 'custom', path: ['LOUPE_ENCRYPTION_KEY'], message: POSTGRES_NEEDS_KEY });
  });

export interface Config {
  port: number;
  host: string;
  /**
   * The SQLite file, next to which the server keeps its key file when LOUPE_ENCRYPTION_KEY is
   * unset; ':memory:' (no files at all) on PostgreSQL, where the key is required.
   */
  dbPath: string;
  /** Where the data lives: the SQLite file at dbPath, or a PostgreSQL database. */
  database: DatabaseConfig;
  adminToken: string | undefined;
  trustProxy: boolean | number | string[];
  logLevel: z.infer<typeof envSchema>['LOUPE_LOG_LEVEL'];
  rateLimit: { max: number; windowMs: number; buckets: number };
  apiRateLimit: { max: number; windowMs: number; buckets: number };
  linkRateLimit: { max: number; windowMs: number; buckets: number };
  loginThrottle: { maxFailures: number; maxFailuresPerClient: number; windowMs: number };
  writer: { maxDelayMs: number; maxRows: number; maxQueuedRows: number; thread: boolean; lockTimeoutMs: number };
  webhooks: { allowPrivate: boolean; concurrency: number; encryptionKey: Buffer | undefined };
  retention: { intervalMs: number };
  funnels: { sampleThreshold: number };
  /** The server's public base URL without a trailing slash, or undefined (no links in messages). */
  publicUrl: string | undefined;
  widgetDir: string;
  dashboardDir: string;
  demoDir: string;
  demo: boolean;
  /** The first owner to create while no user exists; undefined to print a setup link instead. */
  owner: { email: string; password: string } | undefined;
  connections: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxRequestsPerSocket: number;
    maxConnections: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The database of LOUPE_DB, DATABASE_URL and LOUPE_PG_POOL alone, for `npm run migrate`: SQLite or PostgreSQL. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = z.object(databaseFields).safeParse(env);
  if (!parsed.success) throw configError(parsed.error);
  return databaseConfig(parsed.data);
}

function sqlitePath(database: DatabaseConfig): string {
  return database.kind === 'sqlite' ? database.path : ':memory:';
}

function configError(error: z.ZodError): ConfigError {
  const lines = error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  return new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Parsed once at start-up; any problem is reported for every variable at once, then the process exits. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw configError(parsed.error);
  const e = parsed.data;
  const root = packageRoot();
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: sqlitePath(databaseConfig(e)),
    database: databaseConfig(e),
    adminToken: e.LOUPE_ADMIN_TOKEN,
    trustProxy: e.LOUPE_TRUST_PROXY,
    logLevel: e.LOUPE_LOG_LEVEL,
    rateLimit: {
      max: e.LOUPE_RATE_LIMIT_MAX,
      windowMs: e.LOUPE_RATE_LIMIT_WINDOW_MS,
      buckets: e.LOUPE_RATE_LIMIT_BUCKETS,
    },
    apiRateLimit: {
      max: e.LOUPE_API_RATE_LIMIT_MAX,
      windowMs: e.LOUPE_RATE_LIMIT_WINDOW_MS,
      buckets: e.LOUPE_RATE_LIMIT_BUCKETS,
    },
    linkRateLimit: {
      max: e.LOUPE_LINK_RATE_LIMIT_MAX,
      windowMs: e.LOUPE_RATE_LIMIT_WINDOW_MS,
      buckets: e.LOUPE_RATE_LIMIT_BUCKETS,
    },
    loginThrottle: {
      maxFailures: e.LOUPE_LOGIN_MAX_FAILURES,
      maxFailuresPerClient: e.LOUPE_LOGIN_MAX_FAILURES_PER_CLIENT,
      windowMs: e.LOUPE_LOGIN_WINDOW_MS,
    },
    writer: {
      maxDelayMs: e.LOUPE_WRITER_MAX_DELAY_MS,
      maxRows: e.LOUPE_WRITER_MAX_ROWS,
      maxQueuedRows: e.LOUPE_WRITER_MAX_QUEUED_ROWS,
      thread: e.LOUPE_WRITER_THREAD,
      lockTimeoutMs: e.LOUPE_PG_WRITER_LOCK_TIMEOUT_MS,
    },
    webhooks: {
      allowPrivate: e.LOUPE_WEBHOOK_ALLOW_PRIVATE,
      concurrency: e.LOUPE_WEBHOOK_CONCURRENCY,
      encryptionKey: e.LOUPE_ENCRYPTION_KEY === undefined ? undefined : Buffer.from(e.LOUPE_ENCRYPTION_KEY, 'base64'),
    },
    retention: { intervalMs: e.LOUPE_RETENTION_INTERVAL_MS },
    funnels: { sampleThreshold: e.LOUPE_FUNNEL_SAMPLE_THRESHOLD },
    publicUrl: e.LOUPE_PUBLIC_URL?.replace(/\/+$/, ''),
    widgetDir: path.resolve(e.LOUPE_WIDGET_DIR ?? path.join(root, '../widget/dist')),
    dashboardDir: path.resolve(e.LOUPE_DASHBOARD_DIR ?? path.join(root, '../dashboard/dist')),
    demoDir: path.resolve(e.LOUPE_DEMO_DIR ?? path.join(root, '../demo-site/public')),
    demo: e.LOUPE_DEMO,
    owner:
      e.LOUPE_OWNER_EMAIL !== undefined && e.LOUPE_OWNER_PASSWORD !== undefined
        ? { email: e.LOUPE_OWNER_EMAIL, password: e.LOUPE_OWNER_PASSWORD }
        : undefined,
    connections: {
      requestTimeoutMs: e.LOUPE_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: e.LOUPE_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.LOUPE_KEEP_ALIVE_TIMEOUT_MS,
      maxRequestsPerSocket: e.LOUPE_MAX_REQUESTS_PER_SOCKET,
      maxConnections: e.LOUPE_MAX_CONNECTIONS,
    },
  };
}
