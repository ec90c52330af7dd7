// The ES module API for sites that bundle their own code (the script tag's entry is loader.ts).
export { destroy, identify, init, loupe, optIn, optOut, task, track } from './esm-api.js';
export type { LoupeOptions, SignalGroup } from './config.js';
export type { TrackProps } from './track-props.js';
export type { Why } from './prompts/why.js';
