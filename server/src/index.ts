export { buildApp, type BuildAppOptions, type App } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { openDatabase, type Db } from './db/open-database.js';
export { migrateDatabase } from './db/migrate-database.js';
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
export { createEventWriter, type EventWriter, type EventWriterOptions } from './features/ingest/writer/event-writer.js';
export type { CommitBackend } from './features/ingest/writer/commit-backend.js';
export { threadedCommitBackend } from './features/ingest/writer/threaded-commit-backend.js';
export { prepareEvents } from './features/ingest/http/prepare-events.js';
export type { IngestRow } from './features/ingest/ingest-row.js';
export {
  createIngestStore,
  eventRowValues,
  INSERT_EVENT_SQL,
  type IngestStore,
  type WriteResult,
} from './features/ingest/writer/ingest-store.js';
export { toIngestRow, type RowContext } from './features/ingest/ingest-row.js';
export { createPrompt } from './features/prompts/prompts-store.js';
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
