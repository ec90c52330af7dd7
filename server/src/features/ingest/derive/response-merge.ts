import { hourOf } from '../../../lib/hour-bucket.js';
import { sessionSampleLevel } from '../../../lib/session-sample-level.js';
import type { IngestRow, LinkRowContext, WriterEventOf } from '../ingest-row.js';
import type { IngestStatements } from '../writer/ingest-statements.js';
import { answerTraitPairs } from './audience-answer-keys.js';
import { type Audience, type CustomerDeltas, traitsJson } from './customer-deltas.js';
import type { ScoreDeltas } from './score-deltas.js';

interface StoredResponse {
  prompt_id: string;
  kind: string;
  score: number;
  comment: string | null;
  path: string;
  device: string;
  browser: string;
  language: string;
  created_at: number;
  updated_at: number;
  session_id: string;
  channel: string;
  traits: string | null;
  resolved_at: number | null;
}

export type ResponseChange = 'created' | 'updated' | 'unchanged';

const commentOf = (e: WriterEventOf<'response'>) => (e.comment?.trim() ? e.comment : null);

/**
 * Stores a `response` event as the one answer of its display: the first creates the row; later
 * ones (the comment typed after the score, or a changed score) merge into it. The newest event by
 * client time wins for the score, so a late-delivered older event never undoes a change. Score
 * rollups follow: a changed score moves the answer between score rows. Returns what happened to
 * the answer: `created` (the session then counts one more response), `updated` (its score or
 * comment changed) or `unchanged`; webhooks announce the first two.
 */
export function mergeResponse(
  s: IngestStatements,
  row: IngestRow,
  e: WriterEventOf<'response'>,
  scores: ScoreDeltas,
  customers: CustomerDeltas,
): ResponseChange {
  const comment = commentOf(e);
  const old = s.selectResponse.get(row.siteId, e.displayId) as StoredResponse | undefined;
  if (!old) {
    // A link's context is the one it was first answered with: the same token always gives the same.
    const link = row.link === null ? null : (JSON.parse(row.link) as LinkRowContext);
    // The widget's answer carries its session's customer and traits as they were when it was given.
    const audience: Audience =
      link === null
        ? customers.audienceOf(row.siteId, e.sessionId, row.ts)
        : { customerId: link.customerId, traits: answerTraitPairs(link.traits), returning: false };
    // The answer's sample level, of its id (a link's answer has no session): its row's and its traits'.
    const level = sessionSampleLevel(e.displayId);
    s.insertResponse.run(
      row.siteId,
      e.displayId,
      e.promptId,
      e.kind,
      e.score,
      comment,
      e.sessionId,
      e.visitorId ?? null,
      e.path,
      row.device,
      row.browser,
      row.language,
      row.ts,
      row.ts,
      link?.channel ?? 'web',
      link?.touchpoint ?? null,
      audience.customerId,
      link === null ? traitsJson(audience.traits) : link.traits,
      link?.flag ?? null,
      level,
      // Fixed as its session's flag is (a link's answer has no session: false).
      audience.returning ? 1 : 0,
    );
    // Fixed from now on, as the answer's traits column: a later identify call changes the session's only.
    for (const [key, value] of audience.traits)
      s.insertResponseTrait.run(
        row.siteId,
        e.displayId,
        key,
        value,
        level,
        row.ts,
        e.kind,
        e.score,
        comment === null ? 0 : 1,
        e.path,
        row.device,
        row.browser,
        row.language,
      );
    const place = {
      siteId: row.siteId,
      hour: hourOf(row.ts),
      promptId: e.promptId,
      kind: e.kind,
      path: e.path,
      device: row.device,
      browser: row.browser,
      language: row.language,
    };
    scores.add(place, e.score, 1, comment === null ? 0 : 1);
    customers.addScore(place, audience, e.score, 1, comment === null ? 0 : 1);
    return 'created';
  }
  const newer = row.ts >= old.updated_at;
  // A score only means something on its own prompt's scale; a mismatched kind cannot change it.
  const score = newer && e.kind === old.kind ? e.score : old.score;
  const nextComment = comment !== null && (newer || old.comment === null) ? comment : old.comment;
  const changed = score !== old.score || nextComment !== old.comment;
  if (!changed && !newer) return 'unchanged';
  s.updateResponse.run(score, nextComment, Math.max(row.ts, old.updated_at), row.siteId, e.displayId);
  // An answer stored without traits has no such rows.
  if (changed && old.traits !== null)
    s.updateResponseTraits.run(score, nextComment === null ? 0 : 1, row.siteId, e.displayId);
  if (old.resolved_at !== null && changed) {
    // Its session's flag before this commit's writes: a flag the commit changes moves it after them.
    const returning = Number(s.sessionReturning.get(row.siteId, old.session_id) ?? 0);
    const before = { ...old, site_id: row.siteId, returning };
    scores.rescoreResolved(before, { ...before, score, comment: nextComment });
  }

  const place = {
    siteId: row.siteId,
    hour: hourOf(old.created_at),
    promptId: old.prompt_id,
    kind: old.kind,
    path: old.path,
    device: old.device,
    browser: old.browser,
    language: old.language,
  };
  const hadComment = old.comment === null ? 0 : 1;
  const hasComment = nextComment === null ? 0 : 1;
  const audience: Audience = {
    customerId: null,
    traits: answerTraitPairs(old.traits),
    returning: old.channel === 'web' && customers.returningOf(row.siteId, old.session_id),
  };
  if (score !== old.score) {
    scores.add(place, old.score, -1, -hadComment);
    scores.add(place, score, 1, hasComment);
    customers.addScore(place, audience, old.score, -1, -hadComment);
    customers.addScore(place, audience, score, 1, hasComment);
  } else {
    scores.add(place, score, 0, hasComment - hadComment);
    customers.addScore(place, audience, score, 0, hasComment - hadComment);
  }
  return changed ? 'updated' : 'unchanged';
}
