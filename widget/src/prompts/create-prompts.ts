import { CONFIG_PATH } from '@loupe/shared/constants';
import type { PublicConfig, PublicPrompt } from '@loupe/shared';
import type { Scope } from '../scope.js';
import { uuid } from '../uuid.js';
import { warn } from '../warn.js';
import { deviceClass } from './device-class.js';
import { DAY_MS, frequencyReason, iso } from './frequency-reason.js';
import { languageMatches } from './language-matches.js';
import { urlReason } from './match-url.js';
import { createPageProgress } from './page-progress.js';
import type { PromptChunk } from './prompt-chunk-api.js';
import { loadState, saveState, sessionOf, type PromptState } from './prompt-state.js';
import { sampleDraw } from './sample-draw.js';

export type PromptEvent =
  | { type: 'prompt_shown' | 'prompt_dismissed'; promptId: string; displayId: string }
  | { type: 'response'; promptId: string; displayId: string; kind: PublicPrompt['kind']; score: number; comment?: string };

export interface PromptsDeps {
  _key: string;
  /** API base URL, without a trailing slash. */
  _api: string;
  /** Absolute URL of the prompt UI chunk. */
  _chunk: string;
  _scope: Scope;
  _emit(event: PromptEvent): void;
  /** The current session id (it changes after 30 min idle). */
  _sid(): string;
  /** Visitor languages, most preferred first, lower-case. */
  _langs: string[];
  _nonce?: string;
}

export interface Why {
  promptId: string;
  eligible: boolean;
  reasons: string[];
}

export interface Prompts {
  /** A page view started (load or SPA route change). */
  _pv(): void;
  _track(name: string): void;
  /** A rage click, dead click or JS error. */
  _frustration(): void;
  _show(promptId: string, force?: boolean): void;
  _why(promptId?: string): Why | Why[];
}

/**
 * Prompt eligibility, in the loader: fetches the site's config, evaluates every rule on load, on
 * each SPA route change and when a trigger fires, waits out a prompt's delay (cancelled as soon as
 * any rule stops holding, e.g. the route changed), and only then loads the Preact chunk.
 */
export function createPrompts(d: PromptsDeps): Prompts {
  const { _scope: scope, _key: key } = d;
  const device = deviceClass();
  const lang = d._langs[0] || '';
  const pending: Record<string, () => void> = {};
  let cfg: PublicConfig | undefined;
  /** The prompt on screen (or loading). */
  let open: string | undefined;
  let ticking = false;
  /** A `show` call that arrived before the config. */
  let wanted: [string, boolean?] | undefined;

  const progress = createPageProgress(scope, () => check());

  /** [reasons that cannot change on this page view, reasons that can]. */
  function gates(p: PublicPrompt, st: PromptState, now: number): [string[], string[]] {
    const t = p.targeting;
    const ses = sessionOf(st, d._sid());
    const hard: string[] = [];
    const soft: string[] = [];
    const add = (list: string[], reason: unknown) => reason && list.push(reason as string);
    const cooldownEnd = (st.g || 0) + cfg!.cooldownDays * DAY_MS;
    const onPage = (progress._visibleMs() / 1000) | 0;
    const depth = progress._depth() | 0;
    const tracked = t.afterTrack.length && !t.afterTrack.some((n) => ses.t?.includes(n));

    add(hard, urlReason(t, location.pathname, location.search));
    add(hard, t.devices.length && !t.devices.includes(device) && `device ${device} is not targeted`);
    add(hard, t.languages.length && !t.languages.some((l) => languageMatches(lang, l)) && `language ${lang} is not targeted`);
    add(hard, sampleDraw(st.r, p.id) >= t.samplePercent && `visitor is outside the ${t.samplePercent}% sample`);
    add(hard, frequencyReason(p.frequency, st.p[p.id], now));
    add(hard, !p.frequency.ignoreGlobalCooldown && now < cooldownEnd && `global cooldown until ${iso(cooldownEnd)}`);
    add(hard, ses.n && 'a prompt was already shown in this session');
    add(hard, ses.v < t.minPageviews && `${ses.v} of ${t.minPageviews} page views in this session`);
    add(hard, t.exitIntent && device != 'desktop' && 'exit intent needs a desktop');
    add(soft, onPage < t.timeOnPageSeconds && `${onPage} of ${t.timeOnPageSeconds} s on this page`);
    add(soft, depth < t.scrollPercent && `scrolled ${depth}% of ${t.scrollPercent}%`);
    add(soft, t.exitIntent && !progress._exit && 'waiting for exit intent');
    add(soft, tracked && `waiting for track event ${t.afterTrack.join(' or ')}`);
    add(soft, t.afterFrustration && !ses.f && 'waiting for a rage click, dead click or error');
    return [hard, soft];
  }

  const cancel = (id: string) => {
    pending[id]?.();
    delete pending[id];
  };

  /** Re-evaluates every prompt: starts delays of newly eligible ones, cancels the others. */
  function check(): void {
    if (!cfg || scope._dead) return;
    const now = Date.now();
    const st = loadState(key);
    let live = false;
    for (const p of cfg.prompts) {
      const [hard, soft] = open ? [['open'], []] : gates(p, st, now);
      live ||= !hard.length;
      if (hard.length || soft.length) cancel(p.id);
      else pending[p.id] ||= scope._later(() => {
        delete pending[p.id];
        // Rules may have changed meanwhile (another tab showed a prompt): ask again.
        const [h, s] = gates(p, loadState(key), Date.now());
        if (!h.length && !s.length && !open) display(p);
        else check();
      }, p.targeting.delaySeconds * 1000);
    }
    // Time on page and scroll depth only grow: poll them once a second while they can matter.
    if (live && !ticking) {
      ticking = true;
      scope._later(() => {
        ticking = false;
        check();
      }, 1000);
    }
  }

  function record(id: string, member: 's' | 'a' | 'd', session?: boolean): PromptState {
    const st = loadState(key);
    const now = Date.now();
    (st.p[id] ||= {})[member] = now;
    if (session) {
      st.g = now;
      sessionOf(st, d._sid()).n = 1;
    }
    saveState(key, st);
    return st;
  }

  function display(p: PublicPrompt): void {
    open = p.id;
    for (const id in pending) cancel(id);
    import(/* @vite-ignore */ d._chunk).then(
      (chunk: PromptChunk) => {
        if (scope._dead) return;
        record(p.id, 's', true);
        const ref = { promptId: p.id, displayId: uuid() };
        d._emit({ type: 'prompt_shown', ...ref });
        let answered = false;
        const unmount = chunk.mount({
          prompt: p,
          langs: d._langs,
          nonce: d._nonce,
          onScore(score) {
            answered = true;
            record(p.id, 'a');
            d._emit({ type: 'response', ...ref, kind: p.kind, score });
          },
          onComment(score, comment) {
            d._emit({ type: 'response', ...ref, kind: p.kind, score, comment });
          },
          onDismiss() {
            if (answered) return;
            record(p.id, 'd');
            d._emit({ type: 'prompt_dismissed', ...ref });
          },
          onClose() {
            open = undefined;
          },
        });
        scope._add(unmount);
      },
      (err: unknown) => {
        open = undefined;
        if (__DEV__) warn('could not load the prompt UI', err);
      },
    );
  }

  function show(id: string, force?: boolean): void {
    if (!cfg) return void (wanted = [id, force]);
    const p = cfg.prompts.find((x) => x.id == id);
    const blocked = !p ? 'no active prompt with this id' : open ? 'a prompt is open' : !force && frequencyReason(p.frequency, loadState(key).p[id], Date.now(), true);
    if (blocked) {
      if (__DEV__) warn(`show ${id}: ${blocked}`);
    } else display(p!);
  }

  function why(id: string): Why {
    const p = cfg?.prompts.find((x) => x.id == id);
    const reasons = !cfg
      ? ['the config has not loaded yet']
      : !p
        ? ['no active prompt with this id (unknown, paused or deleted)']
        : open == id
          ? ['showing now']
          : gates(p, loadState(key), Date.now()).flat();
    if (open && open != id) reasons.push('another prompt is showing');
    const eligible = !reasons.length;
    if (eligible) reasons.push(pending[id] ? `eligible; shows after its ${p!.targeting.delaySeconds} s delay` : 'eligible');
    return { promptId: id, eligible, reasons };
  }

  fetch(`${d._api}${CONFIG_PATH}?key=${encodeURIComponent(key)}`, { credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`config: HTTP ${r.status}`))))
    .then(
      (c: PublicConfig) => {
        cfg = c;
        if (wanted) show(...wanted);
        check();
      },
      (err: unknown) => {
        if (__DEV__) warn('could not load the prompt config', err);
      },
    );

  return {
    _pv() {
      const st = loadState(key);
      sessionOf(st, d._sid()).v++;
      saveState(key, st);
      progress._reset();
      check();
    },
    _track(name) {
      const st = loadState(key);
      const ses = sessionOf(st, d._sid());
      if (!ses.t?.includes(name)) (ses.t ||= []).push(name), (ses.t = ses.t.slice(-20));
      saveState(key, st);
      check();
    },
    _frustration() {
      const st = loadState(key);
      sessionOf(st, d._sid()).f = 1;
      saveState(key, st);
      check();
    },
    _show: show,
    _why: (id) => (id ? why(id) : (cfg?.prompts || []).map((p) => why(p.id))),
  };
}
