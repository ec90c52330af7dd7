import { COLLECT_PATH, CONFIG_PATH } from '@loupe/shared/constants';
import type { PublicConfig, PublicPrompt } from '@loupe/shared';
import { type Core, subscribe } from '../core.js';
import type { EventFields } from '../event-fields.js';
import { guard } from '../guard.js';
import { currentPage } from '../page.js';
import type { Scope } from '../scope.js';
import { warn } from '../warn.js';
import { frequencyGate } from './frequency-gate.js';
import { type GateContext, isFixed, promptGates } from './prompt-gates.js';
import type { EditPromptState, OpenedBy, PromptChunk, PromptChunkLoader } from './prompt-chunk-api.js';
import { loadState, saveState, sessionOf, type PromptState } from './prompt-state.js';
import type { WhyInput, WhyLoader } from './why-chunk-api.js';

/**
 * Prompt eligibility, in the loader: fetches the site's config, evaluates every rule on load, on
 * each SPA route change and when a trigger fires, waits out a prompt's delay (cancelled as soon as
 * a rule stops holding, e.g. the route changed), and only then loads the Preact chunk.
 * Registers `loupe('show', id, { force })` and `loupe('why', id?)`: the rules yield compact gate
 * codes, and `why` loads the chunk that explains them (why-chunk.ts), so the sentences cost the
 * loader nothing.
 */
export function startPrompts(core: Core, scope: Scope, loadUi: PromptChunkLoader, loadWhy: WhyLoader): void {
  const { key, _langs: langs } = core._cfg;
  const device = core._device;
  const lang = langs[0] || '';
  /** When each currently eligible prompt's delay ends (epoch ms); gone when a rule stops holding. */
  const due: Record<string, number> = {};
  let cfg: PublicConfig | undefined;
  /** The prompt on screen or loading (its id), or 'P' when its UI failed to load (why-chunk-api.ts). */
  let open: string | undefined;
  let ticking = 0;
  /** A `show` that arrived before the config. */
  let wanted: unknown[] | undefined;
  let sid = '';
  // This page view: start, exit intent seen.
  let start = 0;
  let exitIntent = false;

  /** Also the prompt chunk's way to record a display and its answers (prompt-chunk-api.ts). */
  const edit: EditPromptState = (fn) => {
    const st = loadState(key);
    fn(st, sessionOf(st, sid));
    saveState(key, st);
    check();
  };
  const frustrated = () => edit((_, ses) => (ses.f = 1));
  const find = (id: unknown) => cfg && cfg.prompts.find((x) => x.id === id);

  /** The rules' view of this moment (prompt-gates.ts). */
  const context = (st: PromptState, now: number): GateContext => ({
    // The address as the page views have it (page.ts), hash route included.
    _path: currentPage(core._cfg.hashRouting).path,
    _search: location.search,
    _device: device,
    _language: lang,
    _state: st,
    _session: sessionOf(st, sid),
    _now: now,
    _cooldownDays: cfg!.cooldownDays,
    _secondsOnPage: ((now - start) / 1000) | 0,
    _scrollDepth: core._depth(),
    _exitIntent: exitIntent,
    _hidden: document.hidden,
  });

  /**
   * Re-evaluates every prompt: starts the delay of each newly eligible one, cancels the others,
   * shows the first whose delay is over (so within a second of it: the re-check interval).
   */
  function check(): void {
    if (!cfg || open) return;
    const now = Date.now();
    const c = context(loadState(key), now);
    let live = 0;
    for (const p of cfg.prompts) {
      const g = promptGates(p, c);
      // No gate that is fixed for this page view: it may still show on this page.
      if (!g.some(isFixed)) live = 1;
      if (g.length) {
        delete due[p.id];
        continue;
      }
      due[p.id] ||= now + p.targeting.delaySeconds * 1000;
      if (now >= due[p.id]!) {
        display(p);
        return;
      }
    }
    // Time on page and scroll depth only grow, delays run out: re-check once a second while a
    // prompt can still show on this page.
    if (live && !ticking) {
      ticking = 1;
      scope._later(() => {
        ticking = 0;
        check();
      }, 1000);
    }
  }

  function display(p: PublicPrompt, openedBy?: OpenedBy): void {
    open = p.id;
    // Guarded: nothing thrown here may surface as the page's unhandled rejection.
    loadUi().then(
      guard((ui: PromptChunk) => {
        if (!scope._dead) scope._add(ui.mount(core, p, edit, () => (open = undefined), openedBy));
      }),
      (err: unknown) => {
        // Blocked by a CSP or the network: stop here rather than retry every second.
        open = 'P';
        if (__DEV__) warn('could not load the prompt UI', err);
      },
    );
  }

  function show(id: unknown, options?: { force?: boolean }): void {
    if (!cfg) {
      wanted = [id, options];
      return;
    }
    const p = find(id);
    if (
      p &&
      !open &&
      ((options && options.force) || !frequencyGate(p.frequency, loadState(key).p[p.id], Date.now(), true))
    )
      display(p, 'show');
    else if (__DEV__)
      warn(`show ${id}: ${!p ? 'no such active prompt' : open ? 'a prompt is open' : 'already answered'}`);
  }

  /** What `why` explains, taken now (the sentences come later, from the chunk). */
  const whyInput = (id: string): WhyInput => {
    const p = find(id);
    return {
      id,
      // Undefined when the rules decide (the usual case).
      state: !cfg ? 'C' : !p ? 'U' : open ? (open === id ? 'O' : find(open) ? 'A' : 'P') : undefined,
      prompt: p,
      gates: p && promptGates(p, context(loadState(key), Date.now())),
      due: due[id],
    };
  };

  const pageview = () => {
    sid = core._sid();
    start = Date.now();
    exitIntent = false;
    edit((_, ses) => ses.v++);
  };

  // Triggers: every event the page emits passes here (tracks and frustration signals included,
  // even when consent limits what is sent), and uncaught errors arrive on the hub.
  subscribe(core, scope, 'ev', (fields: EventFields) => {
    if (fields.type === 'track')
      edit((_, ses) => {
        const names = ses.t || [];
        if (!names.includes(fields.name)) ses.t = [...names, fields.name].slice(-20);
      });
    if (fields.type === 'click' && fields.kind !== 'click') frustrated();
    // The last identify call's traits replace the earlier ones (none: cleared), for trait rules.
    if (fields.type === 'identify') edit((_, ses) => (ses.c = fields.traits));
  });
  subscribe(core, scope, 'err', frustrated);
  subscribe(core, scope, 'pv', pageview);
  subscribe(core, scope, 'url', check);
  // The pointer leaving the document through its top edge, towards the tabs: exit intent.
  scope._on(document, 'mouseout', (e: MouseEvent) => {
    if (!e.relatedTarget && e.clientY <= 0) {
      exitIntent = true;
      check();
    }
  });
  core._commands.show = show;
  // A promise: of one prompt's Why, or of every active prompt's. If the chunk cannot load, the
  // codes themselves (better than nothing to a developer in the console).
  core._commands.why = (id?: unknown) => {
    const one = typeof id === 'string';
    const inputs = (one ? [id] : cfg ? cfg.prompts.map((p) => p.id) : []).map(whyInput);
    return loadWhy()
      .then(
        (m): unknown[] => inputs.map(m.explain),
        () => inputs,
      )
      .then((out) => (one ? out[0] : out));
  };
  pageview();

  fetch(`${core._cfg._endpoint.replace(COLLECT_PATH, CONFIG_PATH)}?key=${encodeURIComponent(key)}`, {
    credentials: 'omit',
  })
    // Not OK: no config (`false`), as if it never arrived (dev builds say why).
    .then((r) => (r.ok ? r.json() : __DEV__ && Promise.reject(r.status)))
    .then(
      guard((c: PublicConfig | false) => {
        if (!c) return;
        cfg = c;
        if (wanted) show(...(wanted as [string]));
        check();
      }),
      (err: unknown) => {
        if (__DEV__) warn('could not load the prompt config', err);
      },
    );
}
