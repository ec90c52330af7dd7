import type { PublicConfig, PublicPrompt } from '@loupe/shared';
import type { Core } from '../core.js';
import type { EventFields } from '../event-fields.js';
import type { Scope } from '../scope.js';
import { warn } from '../warn.js';
import { frequencyGate } from './frequency-gate.js';
import { type GateContext, isFixed, promptGates } from './prompt-gates.js';
import type { EditPromptState, OpenedBy, PromptChunk, PromptChunkLoader } from './prompt-chunk-api.js';
import { loadState, saveState, sessionOf, type PromptState } from './prompt-state.js';
import type { PromptRules } from './rules-chunk-api.js';
import type { WhyInput } from './why-chunk-api.js';

/**
 * Entry of the rules chunk, imported by the loader once the site's config lists an active prompt
 * (start-prompts.ts): evaluates every rule on each page view, SPA route change and trigger, waits
 * out a prompt's delay (cancelled as soon as a rule stops holding, e.g. the route changed), and
 * only then loads the prompt chunk. The rules yield compact gate codes, which `loupe('why')`
 * snapshots here and the why chunk words.
 */
export function startRules(core: Core, scope: Scope, cfg: PublicConfig, loadUi: PromptChunkLoader): PromptRules {
  const { key, _langs: langs } = core._cfg;
  const device = core._device;
  const lang = langs[0] || '';
  /** When each currently eligible prompt's delay ends (epoch ms); gone when a rule stops holding. */
  const due: Record<string, number> = {};
  /** The prompt on screen or loading (its id), or 'P' when its UI failed to load (why-chunk-api.ts). */
  let open: string | undefined;
  let ticking = 0;
  let sid = '';
  // This page view: start, exit intent seen.
  let start = 0;
  let exitIntent = false;

  /** Also the prompt chunk's way to record a display and its answers (prompt-chunk-api.ts). */
  const edit: EditPromptState = (fn) => {
    const st = loadState(core, key);
    fn(st, sessionOf(st, sid));
    saveState(core, key, st);
    check();
  };
  const frustrated = () => edit((_, ses) => (ses.f = 1));
  const find = (id: unknown) => cfg.prompts.find((x) => x.id === id);

  /** The rules' view of this moment (prompt-gates.ts). */
  const context = (st: PromptState, now: number): GateContext => ({
    // The address as the page views have it (page.ts), hash route included: the navigation
    // keeps it current, and tells the rules of a new URL only after it did (navigation.ts).
    _path: core._page.path,
    _search: location.search,
    _device: device,
    _language: lang,
    _state: st,
    _session: sessionOf(st, sid),
    _now: now,
    _cooldownDays: cfg.cooldownDays,
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
    if (open || !start) return;
    const now = Date.now();
    const c = context(loadState(core, key), now);
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
    loadUi()
      .then((ui: PromptChunk) => {
        if (!scope._dead) scope._add(ui.mount(core, p, edit, () => (open = undefined), openedBy));
      })
      // Blocked by a CSP or the network, or failed to mount: stop here rather than retry every
      // second. Caught: nothing may surface as the page's unhandled rejection.
      .catch((err: unknown) => {
        open = 'P';
        if (__DEV__) warn('could not load the prompt UI', err);
      });
  }

  /** What `why` explains, taken now (the sentences come later, from the chunk). */
  const whyInput = (id: string): WhyInput => {
    const p = find(id);
    return {
      id,
      // Undefined when the rules decide (the usual case).
      state: !p ? 'U' : open ? (open === id ? 'O' : find(open) ? 'A' : 'P') : undefined,
      prompt: p,
      gates: p && promptGates(p, context(loadState(core, key), Date.now())),
      due: due[id],
    };
  };

  return {
    _hear([topic, arg, at]) {
      if (topic === 'pv') {
        sid = core._sid();
        start = at;
        exitIntent = false;
        edit((_, ses) => ses.v++);
      }
      // Triggers: every event the page emits passes here (tracks and frustration signals
      // included, even when consent limits what is sent), and uncaught errors.
      if (topic === 'ev') {
        const fields = arg as EventFields;
        if (fields.type === 'track')
          edit((_, ses) => {
            const names = ses.t || [];
            if (!names.includes(fields.name)) ses.t = [...names, fields.name].slice(-20);
          });
        if (fields.type === 'click' && fields.kind !== 'click') frustrated();
        // The last identify call's traits replace the earlier ones (none: cleared), for trait rules.
        if (fields.type === 'identify') edit((_, ses) => (ses.c = fields.traits));
      }
      if (topic === 'err') frustrated();
      // The pointer left the document through its top edge, towards the tabs.
      if (topic === 'x') exitIntent = true;
      if (topic === 'url' || topic === 'x') check();
    },
    _show(id, options) {
      const p = find(id);
      if (
        p &&
        !open &&
        ((options && options.force) || !frequencyGate(p.frequency, loadState(core, key).p[p.id], Date.now(), true))
      )
        display(p, 'show');
      else if (__DEV__)
        warn(`show ${id}: ${!p ? 'no such active prompt' : open ? 'a prompt is open' : 'already answered'}`);
    },
    _why: (ids = cfg.prompts.map((p) => p.id)) => ids.map(whyInput),
  };
}
