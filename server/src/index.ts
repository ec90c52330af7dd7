// @loupe/server: what the operator scripts and tests build on (the app, config, database, sites,
// prompts). The ingest path's parts, for benchmarks and the seeder, are `@loupe/server/internal`.
export { buildApp, type BuildAppOptions, type App } from './app.js';
export { loadConfig, loadDatabaseConfig, ConfigError, type Config } from './config.js';
export { openDatabase, type Db } from './db/open-database.js';
export { migrateDatabase } from './db/migrate-database.js';
export { openServerDatabase } from './db/open-server-database.js';
export { sendChangeNotice } from './db/send-change-notice.js';
export { MAX_SAFETY_TTL_MS } from './lib/change-feed.js';
export { type DatabaseConfig, redactedUrl } from './db/database-config.js';
export { openPostgres, type PgDb } from './db/postgres/postgres-connection.js';
export { migratePostgres, type MigrationResult } from './db/postgres/migrate-postgres.js';
export { dropEventPartitionsBefore, ensureEventPartitions } from './db/postgres/event-partitions.js';
export {
  type CopyProgress,
  type CopyResult,
  copySqliteToPostgres,
  DEFAULT_CHUNK_ROWS,
  type TableMismatch,
} from './db/postgres/copy-from-sqlite/copy-sqlite-to-postgres.js';
export { POSTGRES_ROUTES } from './plugins/postgres-routes.js';
export { SourceError } from './db/postgres/copy-from-sqlite/sqlite-source.js';
export { TargetRefusedError } from './db/postgres/copy-from-sqlite/copy-target.js';
export {
  addOrigin,
  createSite,
  findSiteById,
  findSiteByPublicKey,
  findSiteBySecretKey,
  listSites,
  rotateSecret,
  updateSite,
} from './features/sites/sites-store.js';
export { createPrompt } from './features/prompts/prompts-store.js';
export { createPageGroup, listPageGroups } from './features/page-groups/page-groups-store.js';
export { hashPassword } from './features/accounts/password-hash.js';
export {
  createUser,
  DuplicateEmailError,
  findUser,
  grantSite,
  listUsers,
  removeUser,
  revokeSite,
  setPasswordHash,
  type UserListing,
} from './features/accounts/users-store.js';
export { seedDemoSite, type DemoSite } from './features/demo/seed-demo-site.js';
