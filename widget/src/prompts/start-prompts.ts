import { COLLECT_PATH, CONFIG_PATH } from '@loupe/shared/constants';
import type { PublicConfig } from '@loupe/shared';
import { type Core, subscribe } from '../core.js';
import { guard } from '../guard.js';
import type { Scope } from '../scope.js';
import { warn } from '../warn.js';
import type { PromptChunkLoader } from './prompt-chunk-api.js';
import type { Heard, PromptRules, RulesChunk, RulesLoader } from './rules-chunk-api.js';
import type { WhyInput, WhyLoader, WhyState } from './why-chunk-api.js';

/**
 * The prompts' part of the loader: fetches the site's config and, only when it lists an active
 * prompt, imports the rules (rules-chunk.ts), so a site without prompts downloads no eligibility
 * code. Until they arrive it keeps what the rules will need to know (page views, events, errors,
 * URL changes, exit intent) and hands it over in order. Registers `loupe('show', id, { force })`
 * and `loupe('why', id?)`, whose sentences are a chunk of their own (why-chunk.ts).
 */
export function startPrompts(
  core: Core,
  scope: Scope,
  loadRules: RulesLoader,
  loadUi: PromptChunkLoader,
  loadWhy: WhyLoader,
): void {
  let rules: PromptRules | undefined;
  /** Why there are no rules (why-chunk-api.ts): no config yet, no active prompt, or the chunk failed. */
  let none: WhyState = 'C';
  /** A `show` that arrived before the rules. */
  let wanted: unknown[] | undefined;
  /** What happened before the rules arrived, oldest first: this page view's start to begin with. */
  let early: Heard[] = [['pv', 0, Date.now()]];
  let hear: (heard: Heard) => unknown = (heard) => early.push(heard);
  const relay = (topic: Heard[0]) => (arg?: unknown) => hear([topic, arg, Date.now()]);

  // Every event the page emits passes here (tracks and frustration signals included, even when
  // consent limits what is sent), and uncaught errors arrive on the hub.
  for (const topic of ['ev', 'err', 'pv', 'url'] as const) subscribe(core, scope, topic, relay(topic));
  // The pointer leaving the document through its top edge, towards the tabs: exit intent.
  scope._on(document, 'mouseout', (e: MouseEvent) => {
    if (!e.relatedTarget && e.clientY <= 0) relay('x')();
  });

  const started = guard((m: RulesChunk, cfg: PublicConfig) => {
    if (scope._dead) return;
    rules = m.startRules(core, scope, cfg, loadUi);
    if (wanted) rules._show(...(wanted as [string]));
    hear = rules._hear;
    early.forEach(hear);
  });
  const withoutRules = (state: WhyState) => {
    none = state;
    early = [];
    hear = () => 0;
  };

  core._commands.show = (...args: unknown[]) => {
    if (rules) rules._show(...(args as [string]));
    else wanted = args;
    if (__DEV__ && none === 'U') warn('show: the site has no active prompt');
  };
  // A promise: of one prompt's Why, or of every active prompt's. If the chunk cannot load, the
  // codes themselves (better than nothing to a developer in the console).
  core._commands.why = (id?: unknown) => {
    const one = typeof id === 'string';
    const inputs: WhyInput[] = rules ? rules._why(one ? [id] : undefined) : one ? [{ id, state: none }] : [];
    return loadWhy()
      .then(
        (m): unknown[] => inputs.map(m.explain),
        () => inputs,
      )
      .then((out) => (one ? out[0] : out));
  };

  fetch(`${core._cfg._endpoint.replace(COLLECT_PATH, CONFIG_PATH)}?key=${encodeURIComponent(core._cfg.key)}`, {
    credentials: 'omit',
  })
    // Not OK: no config (`false`), as if it never arrived (dev builds say why); so too offline or
    // not JSON.
    .then((r) => (r.ok ? r.json() : __DEV__ && Promise.reject(r.status)))
    .catch((err: unknown) => {
      if (__DEV__) warn('could not load the prompt config', err);
    })
    .then(
      guard((cfg?: PublicConfig | false) => {
        // No config, or no active prompt in it (even a malformed one): nothing more to keep.
        if (!cfg) return withoutRules('C');
        if (!(cfg.prompts || []).length) return withoutRules('U');
        loadRules().then(
          (m) => started(m, cfg),
          (err: unknown) => {
            // Blocked by a CSP or the network: no prompt on this page, and nothing thrown into it.
            withoutRules('R');
            if (__DEV__) warn('could not load the prompt rules', err);
          },
        );
      }),
    );
}
