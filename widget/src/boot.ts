import { optionsFromScript, normalizeConfig } from './config.js';
import { createLoupe, type Loupe } from './create-loupe.js';
import { guard } from './guard.js';
import type { PromptChunk } from './prompts/prompt-chunk-api.js';
import type { RulesChunk } from './prompts/rules-chunk-api.js';
import type { WhyChunk } from './prompts/why-chunk-api.js';
import { startupParts } from './startup-parts.js';
import { warn } from './warn.js';
import { whenInteractive } from './when-interactive.js';

/** `window.loupe`: the snippet's queue stub before the loader runs, the real function after. */
export interface LoupeGlobal {
  (command: string, ...args: unknown[]): unknown;
  /** Calls queued by the stub `window.loupe=window.loupe||function(){(loupe.q=loupe.q||[]).push(arguments)}`. */
  q?: ArrayLike<unknown>[];
  /** Set on the real function, so a second copy of the script stays inert. */
  loaded?: true;
}

/**
 * Script-tag start-up: config from the tag's data-* attributes, the one global installed at
 * once (calls made before the page is interactive are kept), the stub's queue replayed in order.
 */
export function boot(script: HTMLScriptElement | null): void {
  guard(() => {
    const w = window as unknown as { loupe?: LoupeGlobal };
    const stub = w.loupe;
    if (stub && stub.loaded) {
      if (__DEV__) warn('the script is included twice; the second copy does nothing');
      return;
    }
    if (!script || !script.src) {
      if (__DEV__) warn('cannot find my own <script> tag; load me with <script async src=…/widget.js data-key=…>');
      return;
    }
    const src = script.src.replace(/[?#].*/, '');
    // Loupe's own files: errors thrown from them are never reported as the site's.
    const cfg = normalizeConfig(optionsFromScript(script), [src, new URL('chunks/', src).href]);
    if (!cfg) return;
    const calls: unknown[][] = Array.from((stub && stub.q) || [], (args) => Array.from(args));
    let instance: Loupe | undefined;
    const api: LoupeGlobal = (command, ...args) => {
      if (instance) return instance._run(command, args);
      calls.push([command, ...args]);
    };
    api.loaded = true;
    w.loupe = api;
    // The scrubber, the signals and the Web Vitals code are in this file: every page needs them
    // right after start, so chunks of their own would only add requests (startup-parts.ts).
    const startup = () => Promise.resolve(startupParts);
    /** A hashed chunk beside this script (build.mjs names them). */
    const chunk = <T>(path: string) => import(new URL(path, src).href) as Promise<T>;
    whenInteractive(
      guard(() => {
        const loupe = createLoupe({
          _cfg: cfg,
          _loadVitals: startup,
          _loadRules: () => chunk<RulesChunk>(__RULES_CHUNK__),
          _loadPrompt: () => chunk<PromptChunk>(__PROMPT_CHUNK__),
          _loadSignals: startup,
          _loadWhy: () => chunk<WhyChunk>(__WHY_CHUNK__),
          _loadScrub: startup,
          _onDestroy: () => {
            if (w.loupe === api) delete w.loupe;
          },
        });
        // Replay first, so an optOut() queued before load stops the signals from ever starting.
        for (const [command, ...args] of calls) loupe._run(command as string, args);
        instance = loupe;
        loupe._start();
      }),
    );
  })();
}
