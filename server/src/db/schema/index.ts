export * from './sites.js';
export * from './settings.js';
export * from './prompts.js';
