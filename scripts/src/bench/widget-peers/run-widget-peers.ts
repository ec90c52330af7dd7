import os from 'node:os';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../testing/launch-chromium.js';
import { answerSurvey } from './answer-survey.js';
import { buildPeerBundles, bundlePath, packageVersion } from './build-peer-bundles.js';
import { CONTESTANTS, type ContestantId, contestant } from './contestants.js';
import { runInteraction } from './interaction-run.js';
import { type LoupeUnderTest, startLoupeUnderTest } from './loupe-under-test.js';
import { NPS_ANSWER, type SurveyTarget } from './nps-survey.js';
import { type PageRun, type PageRunFigures, runPage } from './page-run.js';
import { startShopServer } from './shop-server.js';
import { startVendorStub, type Vendor, type VendorStub } from './vendor-stub.js';

// `npm run bench:widget`: every contestant on the demo shop's product page in one Chromium, one
// page at a time, round-robin so a change in the machine's load hits them all alike. Three phases:
// page loads (network and a main-thread trace to load + afterLoadMs), survey loads (Loupe and
// PostHog: to the survey on screen, then answered), and the scripted visit for the JS heap. The
// raw records come back; summarize-widget-peers.ts makes the table.

export interface WidgetPeersOptions {
  /** Runs per contestant and phase (the figures are medians). */
  runs: number;
  /** The page window: from navigation to `load` + this. */
  afterLoadMs: number;
  /** The scripted visit before the heap is read. */
  interactionMs: number;
  /** The modelled device's slowdown for long tasks and blocking time. */
  cpuFactor: number;
  /** Default: all of them. The bare page ('none') always runs: it is the baseline. */
  contestants?: readonly ContestantId[];
  /** One unmeasured load of each contestant first (default true; the smoke test skips it). */
  warmup?: boolean;
  log?: (line: string) => void;
}

export interface PageRecord {
  contestant: ContestantId;
  scenario: SurveyTarget;
  run: number;
  /** Where the contestant's files and beacons come from (its server, or the vendors' stub). */
  vendorOrigin: string | undefined;
  figures: PageRunFigures;
  /** The contestant's script files as served (Content-Encoding by URL). */
  scriptEncodings: Record<string, string>;
  /** Its beacons that reached its server or stub before the run ended (waited for after the window). */
  beacons: number;
  /** Survey runs: the answer reached the server or stub, with the score and comment. */
  surveyAnswered?: boolean;
}

export interface HeapRecord {
  contestant: ContestantId;
  run: number;
  heapUsedBytes: number;
  pageErrors: string[];
}

export interface WidgetPeersRaw {
  options: Omit<WidgetPeersOptions, 'log' | 'warmup'>;
  startedAt: string;
  finishedAt: string;
  chromium: string;
  versions: Record<string, string>;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  contestants: ContestantId[];
  pages: PageRecord[];
  heaps: HeapRecord[];
  /** Requests a stub could not answer. */
  unstubbed: string[];
}

const VENDOR: Partial<Record<ContestantId, Vendor>> = {
  posthog: 'posthog',
  'posthog-slim': 'posthog',
  sentry: 'sentry',
  plausible: 'plausible',
};

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Rotates the order each run, so no contestant is always first after the baseline. */
const rotate = <T>(list: readonly T[], by: number) => list.map((_, i) => list[(i + by) % list.length]!);

interface Harness {
  browser: Browser;
  stub: VendorStub;
  loupe: LoupeUnderTest;
  productUrl(id: ContestantId, target: SurveyTarget): string;
  vendorOrigin(id: ContestantId): string | undefined;
}

/** The beacons of this page (peers' payloads carry the page URL, with `bench=<id>`). */
function beaconsOf(h: Harness, id: ContestantId, run: PageRun): number {
  if (id === 'loupe')
    return run.network.entries.filter(
      (e) => e.origin === h.loupe.origin && e.url.endsWith('/v1/collect') && e.status === 202,
    ).length;
  const vendor = VENDOR[id];
  return h.stub.beacons.filter((b) => b.vendor === vendor && b.text.includes(`bench=${id}&`)).length;
}

async function surveyAnswered(h: Harness, id: ContestantId, before: number): Promise<boolean> {
  const { score, comment } = NPS_ANSWER;
  if (id === 'loupe') {
    return until(async () => {
      const responses = await h.loupe.npsResponses();
      return responses.length > before && responses.some((r) => r.score === score && r.comment === comment);
    }, 20_000);
  }
  return until(
    () =>
      h.stub.beacons.some(
        (b) =>
          b.text.includes(`bench=${id}&`) &&
          b.items.some(
            (i) =>
              i.name === 'survey sent' &&
              Object.values(i.props ?? {}).some((v) => String(v) === String(score)) &&
              b.text.includes(comment),
          ),
      ),
    20_000,
  );
}

async function pagePhase(h: Harness, ids: readonly ContestantId[], opts: WidgetPeersOptions, pages: PageRecord[]) {
  for (let run = 0; run < opts.runs; run++) {
    for (const id of rotate(ids, run)) {
      h.stub.beacons.length = 0;
      const result = await runPage({
        browser: h.browser,
        url: h.productUrl(id, 'page'),
        vendorOrigin: h.vendorOrigin(id),
        afterLoadMs: opts.afterLoadMs,
        survey: false,
        cpuFactor: opts.cpuFactor,
      });
      // Outside the measured window: give the script time to send its first batch.
      if (id !== 'none') await until(() => beaconsOf(h, id, result) > 0, 15_000);
      pages.push({
        contestant: id,
        scenario: 'page',
        run,
        vendorOrigin: h.vendorOrigin(id),
        figures: result.figures,
        scriptEncodings: result.scriptEncodings,
        beacons: beaconsOf(h, id, result),
      });
      await result.context.close();
      opts.log?.(
        `  page   ${id.padEnd(13)} run ${run + 1}/${opts.runs}: script ${result.figures.vendorScriptMs.toFixed(1)} ms CPU, ${result.figures.vendorReceivedBytes} B`,
      );
    }
  }
}

async function surveyPhase(h: Harness, ids: readonly ContestantId[], opts: WidgetPeersOptions, pages: PageRecord[]) {
  const surveyIds = ids.filter((id) => contestant(id).surveys);
  for (let run = 0; run < opts.runs; run++) {
    for (const id of rotate(surveyIds, run)) {
      h.stub.beacons.length = 0;
      const before = id === 'loupe' ? (await h.loupe.npsResponses()).length : 0;
      const result = await runPage({
        browser: h.browser,
        url: h.productUrl(id, 'survey'),
        vendorOrigin: h.vendorOrigin(id),
        afterLoadMs: 0,
        survey: true,
        cpuFactor: opts.cpuFactor,
      });
      try {
        await answerSurvey(result.page, id);
        const answered = await surveyAnswered(h, id, before);
        // The server may store the answer (and show it to the API) before the browser has logged
        // the 202 of the request that brought it: wait for the log, as the page phase does.
        await until(() => beaconsOf(h, id, result) > 0, 15_000);
        pages.push({
          contestant: id,
          scenario: 'survey',
          run,
          vendorOrigin: h.vendorOrigin(id),
          figures: result.figures,
          scriptEncodings: result.scriptEncodings,
          beacons: beaconsOf(h, id, result),
          surveyAnswered: answered,
        });
        opts.log?.(
          `  survey ${id.padEnd(13)} run ${run + 1}/${opts.runs}: visible after ${result.figures.vendorScriptMs.toFixed(1)} ms script CPU, ${result.figures.vendorReceivedBytes} B; answered: ${answered}`,
        );
      } finally {
        await result.context.close();
      }
    }
  }
}

/** Scripted visits open at once: heap sizes do not depend on how fast the machine is, so visits run side by side. */
const VISITS_AT_ONCE = 12;

async function heapPhase(h: Harness, ids: readonly ContestantId[], opts: WidgetPeersOptions, heaps: HeapRecord[]) {
  const visits = Array.from({ length: opts.runs }, (_, run) => ids.map((id) => ({ id, run }))).flat();
  for (let i = 0; i < visits.length; i += VISITS_AT_ONCE) {
    const wave = visits.slice(i, i + VISITS_AT_ONCE);
    const results = await Promise.all(
      wave.map((v) => runInteraction(h.browser, h.productUrl(v.id, 'page'), opts.interactionMs)),
    );
    for (const [j, r] of results.entries()) heaps.push({ contestant: wave[j]!.id, run: wave[j]!.run, ...r });
    opts.log?.(
      `  heap   ${results.map((r, j) => `${wave[j]!.id} ${(r.heapUsedBytes / 2 ** 20).toFixed(2)} MB`).join(', ')}`,
    );
  }
}

export async function runWidgetPeers(opts: WidgetPeersOptions): Promise<WidgetPeersRaw> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = os.loadavg();
  const wanted = opts.contestants ?? CONTESTANTS.map((c) => c.id);
  const ids = CONTESTANTS.map((c) => c.id).filter((id) => id === 'none' || wanted.includes(id));
  const pages: PageRecord[] = [];
  const heaps: HeapRecord[] = [];

  const stub = await startVendorStub();
  let loupe: LoupeUnderTest | undefined;
  let browser: Browser | undefined;
  const shop = await startShopServer((id, target) => {
    if (id === 'none') return '';
    if (id === 'loupe') return loupe!.snippet(target);
    return `<script async src="${stub.origin}${bundlePath(id, target)}"></script>`;
  });
  try {
    opts.log?.('Bundling the peers (esbuild, minified) …');
    stub.setBundles(await buildPeerBundles(stub.origin));
    loupe = await startLoupeUnderTest(shop.origin);
    browser = await launchChromium();
    const h: Harness = {
      browser,
      stub,
      loupe,
      productUrl: shop.productUrl,
      vendorOrigin: (id) => (id === 'none' ? undefined : id === 'loupe' ? loupe!.origin : stub.origin),
    };
    // One load of each first, not measured: the browser's and the servers' first-time costs.
    if (opts.warmup !== false) await pagePhase(h, ids, { ...opts, runs: 1, afterLoadMs: 0, log: undefined }, []);
    opts.log?.(`Page loads: ${opts.runs} per contestant, window to load + ${opts.afterLoadMs} ms`);
    await pagePhase(h, ids, opts, pages);
    opts.log?.('Survey loads: until the NPS survey is visible, then answered');
    await surveyPhase(h, ids, opts, pages);
    opts.log?.(`Scripted visits of ${opts.interactionMs / 1000} s, then the JS heap`);
    await heapPhase(h, ids, opts, heaps);
    const versions: Record<string, string> = {};
    for (const c of CONTESTANTS) for (const p of c.packages) versions[p] = packageVersion(p);
    const cpus = os.cpus();
    return {
      options: {
        runs: opts.runs,
        afterLoadMs: opts.afterLoadMs,
        interactionMs: opts.interactionMs,
        cpuFactor: opts.cpuFactor,
        contestants: ids,
      },
      startedAt,
      finishedAt: new Date().toISOString(),
      chromium: browser.version(),
      versions,
      machine: {
        cpu: cpus[0]?.model.trim() ?? 'unknown',
        cores: cpus.length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.versions.node,
        platform: `${os.platform()} ${os.arch()}`,
        loadAverageAtStart,
        loadAverageAtEnd: os.loadavg(),
      },
      contestants: ids,
      pages,
      heaps,
      unstubbed: [...new Set(stub.unknown)],
    };
  } finally {
    await browser?.close();
    await loupe?.close();
    await shop.close();
    await stub.close();
  }
}
