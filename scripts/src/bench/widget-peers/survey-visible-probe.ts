import { NPS_QUESTION } from './nps-survey.js';

// How a survey run knows the survey is on screen, the same way for every script: a mutation
// observer (added to the page before any script) watches for the survey's host element — Loupe's
// <loupe-prompt>, PostHog's .PostHogSurvey-<id> — and, inside its open shadow root, for the
// question's text. Then it sets a user timing mark (the trace's end of the window) and logs a
// line the harness waits for. It runs on every DOM change, so it costs both scripts alike.
//
// It is page source, not a function handed to Playwright: tsx compiles this file with esbuild's
// keepNames, whose __name() helper does not exist in the page. Its sourceURL gives the probe's own
// work a file of its own in the trace, so no contestant is charged for it.

export const SURVEY_VISIBLE_MARK = 'bench:survey-visible';

const HOSTS = 'loupe-prompt, [class^="PostHogSurvey"]';
/** A URL no request goes to: only the trace's name for the probe's code. */
export const PROBE_URL = 'http://bench-probe.invalid/survey-visible-probe.js';

export const SURVEY_VISIBLE_PROBE = `(() => {
  const question = ${JSON.stringify(NPS_QUESTION)};
  const mark = ${JSON.stringify(SURVEY_VISIBLE_MARK)};
  const observed = new WeakSet();
  let done = false;
  const check = () => {
    if (done) return;
    for (const host of document.querySelectorAll(${JSON.stringify(HOSTS)})) {
      const root = host.shadowRoot;
      if (!root) continue;
      if (!observed.has(root)) {
        observed.add(root);
        new MutationObserver(check).observe(root, { childList: true, subtree: true, characterData: true });
      }
      if ((root.textContent || '').includes(question)) {
        done = true;
        performance.mark(mark);
        console.debug(mark);
        return;
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();
//# sourceURL=${PROBE_URL}`;
