import { hourOf } from '../../../lib/hour-bucket.js';
import { vitalBucket } from '../../../lib/vital-histogram.js';
import type { IngestRow } from '../ingest-row.js';
import type { IngestStatements, PageSegmentCounter } from '../writer/ingest-statements.js';
import { PageVisitDeltas } from './page-visit-deltas.js';
import { ReadModelDeltas } from './read-model-deltas.js';
import { webhookOutbox, type WebhookOutbox } from '../../webhooks/webhook-outbox.js';
import { CustomerCohortDeltas } from './customer-cohort-deltas.js';
import { CustomerDeltas } from './customer-deltas.js';
import { type DerivationProfile, timed } from './derivation-profile.js';
import { AudienceCohortDeltas } from './audience-cohort-counts.js';
import { AudiencePageRateDeltas } from './audience-page-rate-deltas.js';
import { BandConversionDeltas } from './band-conversion-deltas.js';
import { PageConversionDeltas } from './page-conversion-deltas.js';
import { RateDeltas } from './rate-deltas.js';
import { mergeResponse } from './response-merge.js';
import { RollupDeltas } from './rollup-deltas.js';
import { ScoreDeltas } from './score-deltas.js';
import { SessionDeltas } from './session-deltas.js';
import { SessionStepDeltas } from './session-step-deltas.js';
import { TaskDeltas } from './task-deltas.js';
import { VisitorReturnedDeltas } from './visitor-returned.js';

const CLICK_COUNTER = { click: 'clicks', rage: 'rage_clicks', dead: 'dead_clicks', error: 'error_clicks' } as const;

/**
 * Everything one group commit derives from its newly stored events (duplicates never reach it):
 * sessions, page visits, responses and every rollup, summed in memory and written once per key
 * at the end of the same transaction.
 */
export class BatchAggregator {
  private readonly page;
  private readonly pageSegments;
  private readonly clicks;
  /** The same clicks per session (session_clicks), for the clicks of an audience. */
  private readonly sessionClicks;
  private readonly errors;
  private readonly vitals;
  private readonly scores;
  private readonly prompts;
  private readonly promptSegments;
  private readonly sessions;
  private readonly returned: VisitorReturnedDeltas;
  private readonly visits;
  private readonly readModel;
  private readonly steps;
  private readonly bands;
  private readonly pages;
  private readonly tasks;
  private readonly rates;
  private readonly customers;
  /** The pages table's rates by who the session is: read around the commit's writes. */
  private readonly audiencePages;
  /** The retention cohorts under a trait: visitors read before the commit's writes and after. */
  private readonly audienceCohorts: AudienceCohortDeltas;
  private readonly outbox: WebhookOutbox;
  /** Responses created or changed by this batch, announced once each at the end (created wins). */
  private readonly changedResponses = new Map<string, { siteId: string; id: string; created: boolean; at: number }>();

  constructor(
    private readonly s: IngestStatements,
    private readonly profile?: DerivationProfile,
  ) {
    this.page = new RollupDeltas(s.pageRollups);
    this.pageSegments = new RollupDeltas(s.pageSegmentRollups);
    this.clicks = new RollupDeltas(s.clickRollups);
    this.sessionClicks = new RollupDeltas(s.sessionClicks);
    this.errors = new RollupDeltas(s.errorRollups);
    this.vitals = new RollupDeltas(s.vitalRollups);
    this.scores = new ScoreDeltas(s);
    this.prompts = new RollupDeltas(s.promptRollups);
    this.promptSegments = new RollupDeltas(s.displaySegmentRollups);
    this.rates = new RateDeltas(s.insertEvent.database);
    const customerCohorts = new CustomerCohortDeltas(s.insertEvent.database);
    this.returned = new VisitorReturnedDeltas(s.insertEvent.database);
    this.audienceCohorts = new AudienceCohortDeltas(s.insertEvent.database);
    this.sessions = new SessionDeltas(s, this.rates, customerCohorts, this.returned, this.audienceCohorts);
    this.visits = new PageVisitDeltas(s, this.page, this.pageSegments, this.rates);
    this.tasks = new TaskDeltas(s.tasks);
    this.audiencePages = new AudiencePageRateDeltas(s.insertEvent.database, this.audienceCohorts);
    this.outbox = webhookOutbox(s.insertEvent.database);
    this.readModel = new ReadModelDeltas(s.insertEvent.database, this.outbox, profile);
    this.bands = new BandConversionDeltas(s.insertEvent.database);
    this.pages = new PageConversionDeltas(s.insertEvent.database);
    this.steps = new SessionStepDeltas(
      s.insertEvent.database,
      (site, session) => this.bands.touch(site, session),
      this.pages,
    );
    this.customers = new CustomerDeltas(
      s.insertEvent.database,
      (site, session) => this.readModel.returningIfNew(site, session),
      customerCohorts,
    );
  }

  add(row: IngestRow): void {
    const e = row.event;
    // A link survey's answer was given on Loupe's hosted page, not on the site: it is an answer
    // (scores, inbox, webhooks) but no session, visit or friction of the site's.
    if (row.link !== null) {
      if (e.type === 'response') {
        const change = mergeResponse(this.s, row, e, this.scores, this.customers);
        if (change !== 'unchanged') this.responseChanged(row.siteId, e.displayId, change === 'created', row.receivedAt);
      }
      return;
    }
    this.audiencePages.touch(row.siteId, e.sessionId);
    const p = this.profile;
    if (p === undefined) {
      this.readModel.add(row);
      this.steps.add(row);
      this.sum(row);
    } else {
      timed(p, 'per event: funnel steps (page views and goals per session)', () => this.steps.add(row));
      timed(p, 'per event: read model lookups (new session? visitor seen? error, goal pairs)', () =>
        this.readModel.add(row),
      );
      timed(p, 'per event: sums (rollups, sessions, visits) and answers merged', () => this.sum(row));
    }
  }

  private sum(row: IngestRow): void {
    const e = row.event;
    const hour = hourOf(row.ts);
    switch (e.type) {
      case 'pageview':
        this.pageCount(row, hour, 'pageviews', 1);
        this.visits.add(row, 1, 0);
        this.sessions.add(row, 'pageviews');
        break;
      case 'engagement':
        this.pageCount(row, hour, 'engaged_ms', e.engagedMs);
        this.visits.add(row, 0, e.scrollDepth);
        this.sessions.add(row, 'engaged_ms', e.engagedMs);
        break;
      case 'click': {
        const counter = CLICK_COUNTER[e.kind];
        // Plain clicks are most clicks; only the element rollup and page_rollups keep them.
        if (counter === 'clicks') {
          this.page.add([row.siteId, hour, e.path, row.device], counter);
          this.rates.plainClick(row.siteId, hour, e.path, e.selector, row.device);
        } else this.pageCount(row, hour, counter, 1);
        const key = [row.siteId, hour, e.path, e.selector, e.kind, row.device];
        this.clicks.add(key, 'events');
        this.clicks.add(key, 'clicks', e.count ?? 1);
        const perSession = [row.siteId, e.sessionId, hour, e.path, e.selector, e.kind, row.device];
        this.sessionClicks.add(perSession, 'events');
        this.sessionClicks.add(perSession, 'clicks', e.count ?? 1);
        this.audiencePages.clicks.add(
          row.siteId,
          e.sessionId,
          hour,
          e.path,
          e.selector,
          e.kind,
          row.device,
          e.count ?? 1,
        );
        this.sessions.add(row, counter === 'clicks' ? undefined : counter);
        break;
      }
      case 'error':
        this.errors.add([row.siteId, hour, row.fingerprint!, e.path, row.device], 'errors');
        // Failed resource loads are grouped and counted, but they are not JavaScript errors.
        if (e.source === 'resource') {
          this.sessions.add(row);
        } else {
          this.pageCount(row, hour, 'js_errors', 1);
          this.sessions.add(row, 'js_errors');
          this.visits.addError(row);
        }
        break;
      case 'vital':
        this.vitals.add([row.siteId, hour, e.path, row.device, e.name, vitalBucket(e.value)], 'samples');
        this.sessions.add(row);
        break;
      case 'prompt_shown':
      case 'prompt_dismissed': {
        const counter = e.type === 'prompt_shown' ? 'shown' : 'dismissed';
        this.prompts.add([row.siteId, hour, e.promptId, e.path, row.device, row.language], counter);
        this.promptSegments.add([row.siteId, hour, e.promptId, e.path, row.device, row.browser, row.language], counter);
        this.sessions.add(row);
        break;
      }
      case 'response': {
        const change = mergeResponse(this.s, row, e, this.scores, this.customers);
        this.sessions.add(row, 'responses', change === 'created' ? 1 : 0);
        if (change !== 'unchanged') {
          this.responseChanged(row.siteId, e.displayId, change === 'created', row.receivedAt);
          this.bands.touch(row.siteId, e.sessionId);
          this.tasks.answerChanged(row.siteId, e.sessionId);
        }
        break;
      }
      case 'track':
        this.sessions.add(row, 'tracks');
        break;
      case 'task':
        this.tasks.add(row as Parameters<TaskDeltas['add']>[0]);
        this.sessions.add(row);
        break;
      case 'identify':
        this.customers.identify(row);
        this.sessions.add(row);
        break;
    }
  }

  /** A page fact, in page_rollups and in page_segment_rollups (the page and the visitor's segment). */
  private pageCount(row: IngestRow, hour: number, counter: PageSegmentCounter, amount: number): void {
    const path = row.event.path;
    this.page.add([row.siteId, hour, path, row.device], counter, amount);
    this.pageSegments.add([row.siteId, hour, path, row.device, row.browser, row.language], counter, amount);
  }

  private responseChanged(siteId: string, id: string, created: boolean, at: number): void {
    const key = `${siteId}\u0001${id}`;
    const seen = this.changedResponses.get(key);
    if (seen) seen.created ||= created;
    else this.changedResponses.set(key, { siteId, id, created, at });
  }

  /** Page visits before the page rollups: they add the visit counts and scroll sums to them. */
  apply(): void {
    const p = this.profile;
    // Before the first write of sessions, visits or traits.
    timed(p, 'audience page rates: sessions before', () => this.audiencePages.before(this.readModel.newGoals));
    timed(p, 'sessions (+ session rollups)', () => this.sessions.apply());
    timed(p, 'page visits', () => this.visits.apply());
    timed(p, 'rates: error rate, engagement histogram, plain clicks by day', () => this.rates.apply());
    for (const r of [
      this.page,
      this.pageSegments,
      this.clicks,
      this.sessionClicks,
      this.errors,
      this.vitals,
      this.scores,
      this.prompts,
      this.promptSegments,
    ]) {
      timed(p, `rollups: ${r.tableName}`, () => r.apply());
    }
    // After the sessions: a new session's steps take its segment from its row.
    timed(p, 'funnel steps (session_steps, session_reaches, funnel_keys, saved funnels)', () => this.steps.apply());
    timed(p, 'goal conversion by page', () => this.pages.apply());
    timed(p, 'goal conversion by answer band', () => this.bands.apply(this.sessions.answered));
    timed(p, 'tasks (runs + rollups)', () => this.tasks.apply());
    timed(p, 'tasks: score after an outcome', () => this.tasks.applyScores());
    const returning = this.readModel.newReturningSessions();
    timed(p, 'customers: identify, returning, customer cohorts (+ trait_score_rollups)', () =>
      this.customers.apply(returning),
    );
    // After the returning flags: each visitor with a new returning session, or one that started earlier.
    timed(p, 'returning visitors (visitor_cohorts.returned_ts)', () => {
      for (const x of returning) this.returned.touched(x.siteId, x.visitorId);
      this.returned.apply();
    });
    // After the last write of sessions, visits, clicks or traits (the customers' traits and returning flags).
    timed(p, 'audience page rates and clicks: sessions after (+ rollups)', () => this.audiencePages.apply());
    // After the sessions' traits (the page rates' reads above) and the cohorts' rows.
    timed(p, 'retention cohorts under a trait', () => this.audienceCohorts.apply());
    // Last: it reads the sessions and responses written above (read-model-deltas.ts).
    this.readModel.apply(this.sessions.answered);
    // In the same transaction as the answers they announce (webhook-outbox.ts).
    timed(p, 'webhook outbox', () => {
      for (const r of this.changedResponses.values()) {
        this.outbox.announce(r.siteId, r.created ? 'response.created' : 'response.updated', r.id, r.at);
      }
    });
    this.changedResponses.clear();
  }
}
