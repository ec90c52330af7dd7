import type { Traits } from '@loupe/shared';
import type { Config } from './config.js';
import { type Core, subscribe } from './core.js';
import { deviceClass } from './device-class.js';
import { createHub, publish } from './hub.js';
import { createIdentity } from './identity.js';
import { trackNavigation } from './navigation.js';
import { currentPage } from './page.js';
import { browserSaysDoNotTrack } from './privacy.js';
import type { PromptChunkLoader } from './prompts/prompt-chunk-api.js';
import type { RulesLoader } from './prompts/rules-chunk-api.js';
import { startPrompts } from './prompts/start-prompts.js';
import type { WhyLoader } from './prompts/why-chunk-api.js';
import { createScope, type Scope } from './scope.js';
import type { SignalsLoader } from './signals/signals-chunk-api.js';
import { startSignals } from './signals/start-signals.js';
import { read, readJson, write } from './storage.js';
import { CONSENT_KEY } from './storage-keys.js';
import { warnTask } from './task.js';
import { trackFields } from './track.js';
import { createTransport } from './transport/create-transport.js';
import type { ScrubLoader } from './transport/scrub-chunk-api.js';
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
}

/** What an embedding (script tag or ES module) gives `createLoupe`. */
export interface LoupeParts {
  _cfg: Config;
  /** Called by destroy(), so the embedding forgets its global or instance. */
  _onDestroy: () => void;
  // How to import each lazily loaded part: by URL beside widget.js, or by the site's bundler. (The
  // scrubber, the signals and the Web Vitals are in widget.js itself: startup-parts.ts.)
  _loadVitals: VitalsLoader;
  _loadRules: RulesLoader;
  _loadPrompt: PromptChunkLoader;
  _loadSignals: SignalsLoader;
  _loadWhy: WhyLoader;
  _loadScrub: ScrubLoader;
}

/** One Loupe on the page: transport, identity, navigation, consent and the command registry. */
export function createLoupe(parts: LoupeParts): Loupe {
  const cfg = parts._cfg;
  const root = createScope();
  const hub = createHub();
  const identity = createIdentity();
  const transport = createTransport(cfg.key, cfg._endpoint, root, parts._loadScrub);
  let signals: Scope | undefined;
  let started = false;
  /** Deepest scrollTop + viewport height of this page view, in px. */
  let bottom = 0;
  const scrolled = () => (bottom = Math.max(bottom, scrollY + innerHeight));

  const limited = () => {
    const consent = read(CONSENT_KEY);
    return consent === '0' || (consent !== '1' && !cfg.ignoreDnt && browserSaysDoNotTrack());
  };
  const startSignalsIfAllowed = () => {
    if (started && !signals && !root._dead && !limited())
      signals = startSignals(core, parts._loadVitals, parts._loadSignals);
  };
  const stopSignals = () => {
    if (signals) signals._dispose();
    signals = undefined;
  };

  const landing = currentPage(cfg.hashRouting, document.referrer);
  const core: Core = {
    _cfg: cfg,
    _page: landing,
    _landing: landing,
    _device: deviceClass(),
    _hub: hub,
    _emit(fields) {
      const restricted = limited();
      if (!root._dead && (!restricted || EXPLICIT.test(fields.type)))
        transport._push({
          id: uuid(),
          ts: Date.now(),
          ...identity._ids(!restricted),
          ...core._page,
          title: document.title || undefined,
          viewport: { w: innerWidth, h: innerHeight },
          language: navigator.language,
          device: core._device,
          ...fields,
        });
      publish(hub, 'ev', fields);
    },
    _depth: () => Math.min(100, Math.round((scrolled() / document.documentElement.scrollHeight) * 100)) || 0,
    _sid: () => identity._ids(!limited()).sessionId,
    _uuid: uuid,
    _readJson: readJson,
    _write: write,
    _commands: {},
  };

  const hide = () => {
    publish(hub, 'hide');
    transport._hide();
  };
  // Not capture: the document's own scroll, not every scrolling element's.
  root._on(window, 'scroll', scrolled, { passive: true });
  // First subscriber: a new page view starts from its own viewport before the others look.
  subscribe(core, root, 'pv', () => (bottom = 0));
  root._on(document, 'visibilitychange', () => {
    if (document.hidden) hide();
  });
  // `pagehide`, never `unload`: unload handlers break the back/forward cache.
  root._on(window, 'pagehide', hide);
  trackNavigation(core, root);
  // Prompts run whatever the consent: the visitor answers them explicitly.
  startPrompts(core, root, parts._loadRules, parts._loadPrompt, parts._loadWhy);

  const commands = core._commands;
  commands.track = (name: unknown, props?: unknown) => {
    const fields = trackFields(name, props);
    if (fields) core._emit(fields);
  };
  // loupe('task', name, action): docs/tasks.md. Only text goes on (what else reaches the transport
  // must serialise safely); the server refuses an empty name or another action, and decides when a
  // started task was abandoned. Inline and short on purpose: it is in widget.js (warnTask: dev only).
  commands.task = (name: unknown, action: unknown) => {
    if (__DEV__) warnTask(name, action);
    if (typeof name === 'string' && typeof action === 'string')
      core._emit({ type: 'task', name, action: action as 'start' });
  };
  // Who the visitor is: sent like track (not under GPC / DNT / optOut); the prompts keep its
  // traits in the session's record for targeting either way (rules-chunk.ts).
  // Traits are checked as track's props are (their limits are the same; null: left out).
  // A customer id that is neither text nor a number drops the call (it must not clear the customer).
  const identify = (id?: unknown, traits?: unknown) => {
    if (id == null || /^(string|number)$/.test(typeof id))
      core._emit({
        type: 'identify',
        customerId: (id != null && `${id}`.trim()) || undefined,
        traits: trackFields('identify', traits)!.props as Traits,
      });
    else if (__DEV__) warn('identify: the customer id must be text or a number; ignored');
  };
  commands.identify = identify;
  commands.optOut = () => {
    write(CONSENT_KEY, '0');
    stopSignals();
    identity._forget();
    transport._drop((type) => EXPLICIT.test(type));
  };
  commands.optIn = () => {
    write(CONSENT_KEY, '1');
    startSignalsIfAllowed();
  };
  commands.destroy = () => {
    hide(); // last engagement and rage bursts, by beacon
    stopSignals();
    root._dispose();
    parts._onDestroy();
  };

  // The embed's traits (`data-loupe-traits`, the `traits` option): an identify without an id.
  if (cfg.traits)
    try {
      identify(undefined, typeof cfg.traits === 'string' ? JSON.parse(cfg.traits) : cfg.traits);
    } catch {
      if (__DEV__) warn('data-loupe-traits is not JSON; ignored');
    }

  return {
    _run(command, args) {
      // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is newer than the chrome80 target.
      const fn = commands.hasOwnProperty(command) && commands[command];
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
