export * from './sites.js';
export * from './settings.js';
