import { posthogNpsSurvey, type SurveyTarget } from './nps-survey.js';
import { posthogToken } from './contestants.js';

// What PostHog's servers answer posthog-js, as far as the benchmark needs: the project's remote
// config (with the same features switched on as the init options), no feature flags, and the NPS
// survey. Each project token has its survey target (nps-survey.ts).

export function targetOfToken(token: string): SurveyTarget | undefined {
  return (['page', 'survey'] as const).find((t) => posthogToken(t) === token);
}

/** The remote config, the body of /array/<token>/config(.js). */
export function posthogRemoteConfig(token: string) {
  return {
    token,
    supportedCompression: ['gzip-js', 'base64'],
    hasFeatureFlags: true,
    captureDeadClicks: true,
    capturePerformance: { web_vitals: true, network_timing: false },
    autocapture_opt_out: false,
    autocaptureExceptions: true,
    errorTracking: { autocaptureExceptions: true },
    analytics: { endpoint: '/i/v0/e/' },
    elementsChainAsString: true,
    sessionRecording: false,
    heatmaps: false,
    surveys: true,
    productTours: false,
    defaultIdentifiedOnly: true,
    siteApps: [],
    toolbarParams: {},
    toolbarVersion: 'toolbar',
    isAuthenticated: false,
  };
}

/** /array/<token>/config.js: the script form, which sets a global posthog-js reads. */
export function posthogRemoteConfigScript(token: string): string {
  const config = JSON.stringify({ config: posthogRemoteConfig(token), siteApps: [] });
  return `(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG[${JSON.stringify(token)}]=${config};})();`;
}

/** POST /flags/?v=2: a project without feature flags. */
export function posthogFlags() {
  return {
    flags: {},
    featureFlags: {},
    featureFlagPayloads: {},
    errorsWhileComputingFlags: false,
    quotaLimited: [],
    requestId: 'bench',
  };
}

/** GET /api/surveys/?token=…: the project's one survey. */
export function posthogSurveys(token: string) {
  const target = targetOfToken(token);
  return { surveys: target ? [posthogNpsSurvey(target)] : [] };
}
