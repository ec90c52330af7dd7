export * from './sites.js';
export * from './settings.js';
export * from './prompts.js';
export * from './events.js';
export * from './responses.js';
export * from './sessions.js';
export * from './rollups.js';
export * from './prompt-rollups.js';
