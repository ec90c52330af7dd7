export { buildApp, type BuildAppOptions, type App } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
