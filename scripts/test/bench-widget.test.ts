import { beforeAll, describe, expect, it } from 'vitest';
import { checkRuns } from '../src/bench/widget-peers/check-runs.js';
import { CONTESTANTS } from '../src/bench/widget-peers/contestants.js';
import {
  README_END,
  README_START,
  renderWidgetPeersMarkdown,
  renderWidgetPeersReadme,
  type WidgetPeersResult,
} from '../src/bench/widget-peers/render-widget-peers.js';
import { runWidgetPeers, type WidgetPeersRaw } from '../src/bench/widget-peers/run-widget-peers.js';
import { COLUMNS, summarizeWidgetPeers } from '../src/bench/widget-peers/summarize-widget-peers.js';

// npm run bench:widget in miniature (one run, a short window and visit), so the harness cannot
// rot: every script is served and runs, its beacons reach its server or stub, both surveys are
// shown and answered. Facts only: the figures it measures are never asserted.

describe('npm run bench:widget, one short run', () => {
  let raw: WidgetPeersRaw;
  beforeAll(async () => {
    raw = await runWidgetPeers({ runs: 1, afterLoadMs: 1000, interactionMs: 2500, cpuFactor: 4, warmup: false });
  }, 300_000);

  it('loads every contestant and the bare page', () => {
    expect(raw.contestants).toEqual(CONTESTANTS.map((c) => c.id));
    expect(
      raw.pages
        .filter((r) => r.scenario === 'page')
        .map((r) => r.contestant)
        .sort(),
    ).toEqual(CONTESTANTS.map((c) => c.id).sort());
  });

  it('serves every script brotli-compressed and runs it; every beacon reaches its server or stub', () => {
    expect(checkRuns(raw)).toEqual([]);
    for (const r of raw.pages.filter((p) => p.contestant !== 'none')) {
      expect(Object.keys(r.scriptEncodings).length, r.contestant).toBeGreaterThan(0);
      expect(r.figures.vendorRequests, r.contestant).toBeGreaterThan(0);
      expect(r.figures.vendorReceivedBytes, r.contestant).toBeGreaterThan(0);
      expect(r.beacons, r.contestant).toBeGreaterThan(0);
    }
    // The bare page asks nobody.
    expect(raw.pages.find((r) => r.contestant === 'none')!.figures.vendorRequests).toBe(0);
    expect(raw.unstubbed).toEqual([]);
  });

  it('shows the same NPS survey in Loupe and PostHog and gets the answer to the server or stub', () => {
    const surveys = raw.pages.filter((r) => r.scenario === 'survey');
    expect(surveys.map((r) => r.contestant).sort()).toEqual(['loupe', 'posthog', 'posthog-slim']);
    for (const r of surveys) expect(r.surveyAnswered, r.contestant).toBe(true);
    // Loupe's prompt UI is a chunk of its own, downloaded only for the survey.
    const chunks = (scenario: string) =>
      Object.keys(raw.pages.find((r) => r.contestant === 'loupe' && r.scenario === scenario)!.scriptEncodings);
    expect(chunks('survey').some((u) => /\/chunks\/prompt-/.test(u))).toBe(true);
    expect(chunks('page').some((u) => /\/chunks\/prompt-/.test(u))).toBe(false);
  });

  it('reads a JS heap for every contestant after the scripted visit, the planted error click included', () => {
    expect(raw.heaps.map((h) => h.contestant).sort()).toEqual(CONTESTANTS.map((c) => c.id).sort());
    for (const h of raw.heaps) expect(h.heapUsedBytes, h.contestant).toBeGreaterThan(0);
  });

  it('summarizes and renders every column for every contestant', () => {
    const summary = summarizeWidgetPeers(raw);
    expect(summary.contestants.map((c) => c.id)).toEqual(CONTESTANTS.filter((c) => c.id !== 'none').map((c) => c.id));
    expect(summary.goal.columns.map((c) => c.key)).toEqual(COLUMNS.map((c) => c.key));
    const result: WidgetPeersResult = {
      generatedAt: new Date().toISOString(),
      commit: undefined,
      command: 'test',
      raw,
      summary,
    };
    const md = renderWidgetPeersMarkdown(result);
    for (const c of CONTESTANTS.filter((x) => x.id !== 'none')) expect(md).toContain(`| ${c.label} |`);
    const readme = renderWidgetPeersReadme(result);
    expect(readme.startsWith(README_START) && readme.endsWith(README_END)).toBe(true);
  });
});
