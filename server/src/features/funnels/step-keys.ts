import { type FunnelStep, urlRulePattern } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { errors } from '../../errors/catalogue.js';
import { cachedStatement } from './cached-statement.js';

/** The most pages one path pattern may match: past it the read would be unbounded, so the step is refused. */
export const MAX_STEP_KEYS = 5000;
/** Above every character: the end of the index range of names that start with a prefix. */
const AFTER_ALL = String.fromCodePoint(0x10ffff);

export interface StepKeyStatements {
  key: Database.Statement;
  pagesFrom: Database.Statement;
}

export function prepareStepKeys(db: Database.Database): StepKeyStatements {
  return {
    key: cachedStatement(db, 'SELECT id FROM funnel_keys WHERE site_id = ? AND kind = ? AND name = ?').pluck(),
    pagesFrom: cachedStatement(
      db,
      "SELECT id, name FROM funnel_keys WHERE site_id = ? AND kind = 'page' AND name >= ? AND name < ? LIMIT ?",
    ),
  };
}

/**
 * The key ids a step accepts, from the site's dictionary of pages and goals (funnel_keys): a goal by
 * its name, a path without `*` as itself with or without a trailing slash, a pattern by the index
 * range of names starting with its text before the first `*`, tested with the URL rules' own
 * wildcard pattern (shared/src/url-rule-pattern.ts).
 */
export function stepKeys(s: StepKeyStatements, siteId: string, step: FunnelStep, index: number): Set<number> {
  const ids = new Set<number>();
  const add = (kind: string, name: string) => {
    const id = s.key.get(siteId, kind, name) as number | undefined;
    if (id !== undefined) ids.add(id);
  };
  if (step.kind === 'track') {
    add('track', step.name);
    return ids;
  }
  const p = step.pattern;
  const star = p.indexOf('*');
  if (star < 0) {
    const bare = p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
    add('page', bare);
    if (bare !== '/') add('page', `${bare}/`);
    return ids;
  }
  const prefix = p.slice(0, star);
  const re = new RegExp(urlRulePattern({ match: 'wildcard', value: p }));
  const rows = s.pagesFrom.all(siteId, prefix, prefix + AFTER_ALL, MAX_STEP_KEYS + 1) as { id: number; name: string }[];
  if (rows.length > MAX_STEP_KEYS) {
    const message = `step ${index + 1} (${p}) could match more than ${MAX_STEP_KEYS} pages: make its text before * longer`;
    throw errors.validation(`querystring.steps: ${message}`, [{ path: 'querystring.steps', message }]);
  }
  for (const r of rows) if (re.test(r.name)) ids.add(r.id);
  return ids;
}
