import { type LoupeOptions, normalizeConfig } from './config.js';
import { createLoupe, type Loupe } from './create-loupe.js';
import { guard } from './guard.js';
import type { TrackProps } from './track-props.js';
import { warn } from './warn.js';
import { whenInteractive } from './when-interactive.js';

let instance: Loupe | undefined;

/**
 * For sites that bundle their own code: the same Loupe as the script tag, without a global.
 * `api` is required here (there is no script URL to take the origin from).
 */
export function init(options: LoupeOptions): void {
  guard(() => {
    if (instance) {
      if (__DEV__) warn('init() called twice; call destroy() first');
      return;
    }
    const cfg = normalizeConfig(options);
    if (!cfg) return;
    const loupe = createLoupe({
      _cfg: cfg,
      _loadVitals: () => import('./vitals/vitals-chunk.js'),
      _loadRules: () => import('./prompts/rules-chunk.js'),
      _loadPrompt: () => import('./ui/prompt-chunk.js'),
      _loadSignals: () => import('./signals/signals-chunk.js'),
      _loadWhy: () => import('./prompts/why-chunk.js'),
      _loadScrub: () => import('./transport/scrub-chunk.js'),
      _onDestroy: () => {
        if (instance === loupe) instance = undefined;
      },
    });
    instance = loupe;
    whenInteractive(guard(() => loupe._start()));
  })();
}

/** `loupe(command, …args)`, exactly as `window.loupe` of the script tag. */
export function loupe(command: string, ...args: unknown[]): unknown {
  if (instance) return instance._run(command, args);
  if (__DEV__) warn(`${command}: call init() first`);
}

export const track = (name: string, props?: TrackProps): void => void loupe('track', name, props);
export const task = (name: string, action: 'start' | 'success' | 'fail'): void => void loupe('task', name, action);
/** Who the visitor is: the site's own customer id and up to 20 traits; no arguments forget them. */
export const identify = (customerId?: string | number, traits?: Record<string, string | number | boolean>): void =>
  void loupe('identify', customerId, traits);
export const optOut = (): void => void loupe('optOut');
export const optIn = (): void => void loupe('optIn');
export const destroy = (): void => void loupe('destroy');
