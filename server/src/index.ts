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
} from './features/sites/sites-store.js';
