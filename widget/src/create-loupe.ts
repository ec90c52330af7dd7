import { MAX_LANGUAGE_LENGTH, MAX_TITLE_LENGTH } from '@loupe/shared/constants';
import type { Config } from './config.js';
import type { Command, Core } from './core.js';
import { createHub } from './hub.js';
import { createIdentity } from './identity.js';
import { trackNavigation } from './navigation.js';
import { currentPage } from './page.js';
import { browserSaysDoNotTrack } from './privacy.js';
import type { PromptChunkLoader } from './prompts/prompt-chunk-api.js';
import { startPrompts } from './prompts/start-prompts.js';
import { createScope, type Scope } from './scope.js';
import { clip, scrubText } from './scrub.js';
import type { SignalsLoader } from './signals/signals-chunk-api.js';
import { startSignals } from './signals/start-signals.js';
import { read, write } from './storage.js';
import { CONSENT_KEY } from './storage-keys.js';
import { trackFields } from './track.js';
import { createTransport } from './transport/create-transport.js';
import { uuid } from './uuid.js';
import type { VitalsLoader } from './vitals/vitals-module.js';
import { warn } from './warn.js';

/** Events the visitor gives explicitly (prompt_shown, prompt_dismissed, response): allowed even under GPC / DNT / optOut. */
const EXPLICIT = /^(prompt_|response)/;

export interface Loupe {
  /** Runs `loupe(command, …args)`; unknown commands and thrown errors never reach the caller. */
  _run(command: string, args: unknown[]): unknown;
  /** Starts the signals (once the page is interactive). */
  _start(): void;
  _core: Core;
}

/**
 * One Loupe on the page: transport, identity, navigation, consent and the command registry.
 * `onDestroy` lets the embedding (script tag or ES module) forget its global or instance.
 */
export function createLoupe(
  cfg: Config,
  loadVitals: VitalsLoader,
  onDestroy: () => void,
  loadPrompt: PromptChunkLoader,
  loadSignals: SignalsLoader,
): Loupe {
  const root = createScope();
  const hub = createHub();
  const identity = createIdentity();
  const transport = createTransport(cfg._key, cfg._endpoint, root);
  const commands: Record<string, Command> = {};
  let signals: Scope | undefined;
  let started = false;

  const limited = () => {
    const consent = read(CONSENT_KEY);
    return consent === '0' || (consent !== '1' && !cfg._ignoreDnt && browserSaysDoNotTrack());
  };
  const startSignalsIfAllowed = () => {
    if (started && !signals && !root._dead && !limited()) signals = startSignals(core, loadVitals, loadSignals);
  };
  const stopSignals = () => {
    signals?._dispose();
    signals = undefined;
  };

  const core: Core = {
    _cfg: cfg,
    _page: currentPage(cfg._hash, document.referrer),
    _landing: undefined!,
    _hub: hub,
    _emit(fields) {
      const restricted = limited();
      if (root._dead || (restricted && !EXPLICIT.test(fields.type))) return;
      const page = core._page;
      transport._push({
        id: uuid(),
        ts: Date.now(),
        ...identity._ids(!restricted),
        url: page._url,
        path: page._path,
        referrer: page._referrer,
        title: clip(scrubText(document.title), MAX_TITLE_LENGTH),
        viewport: { w: innerWidth, h: innerHeight },
        language: clip(navigator.language, MAX_LANGUAGE_LENGTH),
        ...fields,
      });
    },
    _sid: () => identity._ids(!limited()).sessionId,
    _command(name, fn) {
      commands[name] = fn;
    },
  };
  core._landing = core._page;

  const hide = () => {
    hub._pub('hide');
    transport._hide();
  };
  root._on(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') hide();
  });
  // `pagehide`, never `unload`: unload handlers break the back/forward cache.
  root._on(window, 'pagehide', hide);
  trackNavigation(core, root);
  // Prompts run whatever the consent: the visitor answers them explicitly.
  startPrompts(core, root, loadPrompt);

  core._command('track', (name: unknown, props?: unknown) => {
    const fields = trackFields(name, props);
    if (fields) core._emit(fields);
  });
  core._command('optOut', () => {
    write(CONSENT_KEY, '0');
    stopSignals();
    identity._forget();
    transport._drop((event) => EXPLICIT.test(JSON.parse(event).type));
  });
  core._command('optIn', () => {
    write(CONSENT_KEY, '1');
    startSignalsIfAllowed();
  });
  core._command('destroy', () => {
    hide(); // last engagement and rage bursts, by beacon
    stopSignals();
    root._dispose();
    onDestroy();
  });

  return {
    _core: core,
    _run(command, args) {
      const fn = commands[command];
      if (root._dead || !fn) {
        if (__DEV__) warn(root._dead ? 'destroyed; ignoring' : 'unknown command', command);
        return;
      }
      try {
        return (fn as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        if (__DEV__) warn(`${command} failed`, err);
      }
    },
    _start() {
      started = true;
      startSignalsIfAllowed();
    },
  };
}
