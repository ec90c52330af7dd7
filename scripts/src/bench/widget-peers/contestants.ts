import type { SurveyTarget } from './nps-survey.js';

// The scripts `npm run bench:widget` puts on the demo shop's product page, one at a time. Each
// peer is installed from npm (pinned in scripts/package.json), configured as its documentation
// shows for the job Loupe does where it can do it, and bundled by esbuild like a customer's build
// would (build-peer-bundles.ts).

export type ContestantId = 'none' | 'loupe' | 'posthog' | 'posthog-slim' | 'sentry' | 'plausible';

/** What a script does for the site: only scripts of the same job are ranked against each other. */
export type Job = 'nothing' | 'signals + surveys' | 'errors + performance' | 'page views';

export interface Contestant {
  id: ContestantId;
  label: string;
  job: Job;
  /** Whether it shows the NPS survey (the survey scenario runs only for these). */
  surveys: boolean;
  /** npm packages whose versions the report names. */
  packages: string[];
  /** The browser entry a customer would write, for esbuild; absent for Loupe (its own build) and the bare page. */
  entry?: (vendorOrigin: string, target: SurveyTarget) => string;
  /** Notes the report prints under the table. */
  setup: string;
}

/** The PostHog project token: one per survey target, so each project's stub answers its own survey. */
export const posthogToken = (target: SurveyTarget) => `phc_bench_${target}`;

/**
 * PostHog configured for what Loupe does: page views with SPA navigation, leave events (scroll
 * depth, time on page), clicks with rage and dead clicks, exceptions, Web Vitals and surveys; no
 * session replay. Remote config (vendor-stub.ts) switches the same features on from the server.
 */
const posthogOptions = (origin: string) => ({
  api_host: origin,
  capture_pageview: 'history_change',
  capture_pageleave: true,
  autocapture: true,
  rageclick: true,
  capture_dead_clicks: true,
  capture_exceptions: true,
  capture_performance: { web_vitals: true, network_timing: false },
  disable_session_recording: true,
  person_profiles: 'identified_only',
  // The bench's Chromium is automated (navigator.webdriver): PostHog drops a bot's events unless
  // told otherwise, as its docs say for end-to-end tests. A real visitor passes the filter anyway.
  opt_out_useragent_filter: true,
});

const json = (value: unknown) => JSON.stringify(value);

export const CONTESTANTS: readonly Contestant[] = [
  {
    id: 'none',
    label: 'no script',
    job: 'nothing',
    surveys: false,
    packages: [],
    setup: 'The product page with no measurement script: the baseline.',
  },
  {
    id: 'loupe',
    label: 'Loupe',
    job: 'signals + surveys',
    surveys: true,
    packages: [],
    setup:
      'Loupe: `widget.js` from a real Loupe server (the built widget/dist, its precompressed files) with the README snippet; every signal on (page views, engagement, scroll depth, clicks with rage/dead/error clicks, errors, Web Vitals) and one NPS prompt.',
  },
  {
    id: 'posthog',
    label: 'PostHog',
    job: 'signals + surveys',
    surveys: true,
    packages: ['posthog-js'],
    entry: (origin, target) =>
      `import posthog from 'posthog-js';\nposthog.init(${json(posthogToken(target))}, ${json(posthogOptions(origin))});\n`,
    setup:
      "PostHog: `import posthog from 'posthog-js'` (the documented default, every extension included) with page views on history changes, page leave, autocapture with rage and dead clicks, exception autocapture, Web Vitals and surveys; session replay off. Its lazy files (remote config, surveys, Web Vitals, dead clicks, exceptions) come from the stub's /static/, as from PostHog's CDN.",
  },
  {
    id: 'posthog-slim',
    label: 'PostHog slim',
    job: 'signals + surveys',
    surveys: true,
    packages: ['posthog-js'],
    entry: (origin, target) =>
      [
        "import posthog from 'posthog-js/dist/module.slim.js';",
        "import { AnalyticsExtensions, ErrorTrackingExtensions, SurveysExtensions } from 'posthog-js/dist/extension-bundles.js';",
        `posthog.init(${json(posthogToken(target))}, { ...${json(posthogOptions(origin))}, __extensionClasses: { ...AnalyticsExtensions, ...ErrorTrackingExtensions, ...SurveysExtensions } });`,
        '',
      ].join('\n'),
    setup:
      "PostHog slim: PostHog's smallest setup for the same job, the slim core with only the analytics, error tracking and surveys extension bundles; the same options.",
  },
  {
    id: 'sentry',
    label: 'Sentry',
    job: 'errors + performance',
    surveys: false,
    packages: ['@sentry/browser'],
    entry: (origin) => {
      const { host } = new URL(origin);
      return [
        "import { browserTracingIntegration, init } from '@sentry/browser';",
        `init({ dsn: ${json(`http://bench@${host}/1`)}, integrations: [browserTracingIntegration()], tracesSampleRate: 1 });`,
        '',
      ].join('\n');
    },
    setup:
      'Sentry: `@sentry/browser` with `browserTracingIntegration()` (page-load and navigation spans with Web Vitals) and every trace sampled; errors by its default integrations. No surveys: ranked on its own.',
  },
  {
    id: 'plausible',
    label: 'Plausible',
    job: 'page views',
    surveys: false,
    packages: ['@plausible-analytics/tracker'],
    entry: (origin) =>
      `import { init } from '@plausible-analytics/tracker';\ninit(${json({ domain: 'shop.example', endpoint: `${origin}/api/event`, captureOnLocalhost: true, logging: false })});\n`,
    setup:
      "Plausible: `@plausible-analytics/tracker` with its defaults (page views with SPA navigation, engagement); `captureOnLocalhost` because the bench page is on 127.0.0.1. Page views only: the yardstick for Loupe's script time.",
  },
];

export const contestant = (id: ContestantId): Contestant => CONTESTANTS.find((c) => c.id === id)!;
