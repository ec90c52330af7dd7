import { contestant } from './contestants.js';
import type { WidgetPeersRaw } from './run-widget-peers.js';

/** The shop's own uncaught TypeError (its planted wishlist bug) is expected in every visit. */
export const PLANTED_ERROR = /reading 'push'/;

/**
 * What must hold for the figures to mean anything (facts, never timings): each script was served
 * and ran, its beacons reached its server or stub, each survey was shown and answered, no page
 * broke, and the stub knew every request. Returns the problems; empty when all is well.
 */
export function checkRuns(raw: WidgetPeersRaw): string[] {
  const problems: string[] = [];
  for (const r of raw.pages) {
    const where = `${r.contestant} ${r.scenario} run ${r.run + 1}`;
    if (r.contestant === 'none') {
      if (r.figures.vendorRequests !== 0) problems.push(`${where}: the bare page requested a contestant's origin`);
      continue;
    }
    const scripts = Object.entries(r.scriptEncodings);
    if (!scripts.length) problems.push(`${where}: no script of the contestant was loaded`);
    for (const [url, encoding] of scripts)
      if (encoding !== 'br') problems.push(`${where}: ${url} was served with "${encoding}", not brotli`);
    if (r.figures.vendorScriptMs <= 0)
      problems.push(`${where}: no main-thread script time from the contestant's origin`);
    if (r.beacons < 1) problems.push(`${where}: no beacon reached its server or stub`);
    if (r.scenario === 'survey' && !r.surveyAnswered)
      problems.push(`${where}: the survey answer did not reach the server or stub`);
  }
  for (const id of raw.contestants) {
    const surveyRuns = raw.pages.filter((r) => r.contestant === id && r.scenario === 'survey').length;
    if (contestant(id).surveys && surveyRuns !== raw.options.runs)
      problems.push(`${id}: ${surveyRuns} survey runs of ${raw.options.runs}`);
  }
  for (const h of raw.heaps) {
    for (const e of h.pageErrors.filter((msg) => !PLANTED_ERROR.test(msg)))
      problems.push(`${h.contestant} visit ${h.run + 1}: page error "${e}"`);
    if (!h.pageErrors.some((msg) => PLANTED_ERROR.test(msg)))
      problems.push(`${h.contestant} visit ${h.run + 1}: the shop's planted error click did not happen`);
  }
  for (const u of raw.unstubbed) problems.push(`the stub did not know ${u}`);
  return problems;
}
