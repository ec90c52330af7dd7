import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/friction-rollups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const frictionRollups = pgTable(
  'friction_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    mask: bigint('mask', { mode: 'number' }).notNull(),
    responses: counterColumn('responses'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.kind, t.score, t.mask] })],
);

export const frictionPageRollups = pgTable(
  'friction_page_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    met: bigint('met', { mode: 'number' }).notNull(),
    responses: counterColumn('responses'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.kind, t.path, t.score, t.met] })],
);
