export * from './constants.js';
export * from './errors.js';
export * from './events.js';
export * from './api.js';
export * from './prompts.js';
export * from './scrub.js';
export * from './read-query.js';
export * from './read-scores.js';
