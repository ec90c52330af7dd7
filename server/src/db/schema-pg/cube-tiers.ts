import {
  bigint,
  doublePrecision,
  jsonb,
  pgTable,
  primaryKey,
  text,
  type PgColumnBuilderBase,
} from 'drizzle-orm/pg-core';
import { CUBES, tierTableName, type CubeSpec, type StoredTier } from '../cubes/cube-specs.js';

// The PostgreSQL twin of db/schema/cube-tiers.ts: the hourly, daily and monthly tiers of the read
// API's cubes, built from the same cube specs. No trigger keeps these current: the ingest writer
// upserts them (db/cubes/cube-tier-deltas.ts; ARCHITECTURE.md, "PostgreSQL (in progress)"). A histogram
// tier's `hist` is JSONB, as SQLite stores it (SQLite's binary JSON in a column declared TEXT).

function tierTable<const C extends CubeSpec>(cube: C, tier: StoredTier) {
  const columns: Record<string, PgColumnBuilderBase> = {
    site_id: text('site_id').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
  };
  for (const d of cube.dims) {
    columns[d.name] = d.type === 'text' ? text(d.name).notNull() : bigint(d.name, { mode: 'number' }).notNull();
  }
  for (const c of cube.counters) {
    columns[c.name] =
      'real' in c && c.real
        ? doublePrecision(c.name).notNull().default(0)
        : bigint(c.name, { mode: 'number' }).notNull().default(0);
  }
  if (cube.histogram) columns.hist = jsonb('hist').notNull().default({});
  return pgTable(tierTableName(cube, tier), columns, (t) => [
    primaryKey({ columns: [t.site_id!, t.start!, ...cube.dims.map((d) => t[d.name]!)] }),
  ]);
}

export const pageDaily = tierTable(CUBES.page, 'daily');
export const pageMonthly = tierTable(CUBES.page, 'monthly');
export const sessionDaily = tierTable(CUBES.session, 'daily');
export const sessionMonthly = tierTable(CUBES.session, 'monthly');
export const sessionDeviceDaily = tierTable(CUBES.sessionDevice, 'daily');
export const sessionDeviceMonthly = tierTable(CUBES.sessionDevice, 'monthly');
export const frustrationClickDaily = tierTable(CUBES.frustrationClick, 'daily');
export const frustrationClickMonthly = tierTable(CUBES.frustrationClick, 'monthly');
export const errorDaily = tierTable(CUBES.error, 'daily');
export const errorMonthly = tierTable(CUBES.error, 'monthly');
export const vitalPageDaily = tierTable(CUBES.vitalPage, 'daily');
export const vitalPageMonthly = tierTable(CUBES.vitalPage, 'monthly');
export const vitalPageDeviceDaily = tierTable(CUBES.vitalPageDevice, 'daily');
export const vitalPageDeviceMonthly = tierTable(CUBES.vitalPageDevice, 'monthly');
export const scorePromptDaily = tierTable(CUBES.scorePrompt, 'daily');
export const scorePromptMonthly = tierTable(CUBES.scorePrompt, 'monthly');
export const scorePathDaily = tierTable(CUBES.scorePath, 'daily');
export const scorePathMonthly = tierTable(CUBES.scorePath, 'monthly');
export const scorePageDaily = tierTable(CUBES.scorePage, 'daily');
export const scorePageMonthly = tierTable(CUBES.scorePage, 'monthly');
export const scoreLanguageDaily = tierTable(CUBES.scoreLanguage, 'daily');
export const scoreLanguageMonthly = tierTable(CUBES.scoreLanguage, 'monthly');
export const scoreDaily = tierTable(CUBES.score, 'daily');
export const scoreMonthly = tierTable(CUBES.score, 'monthly');
export const displayPromptDaily = tierTable(CUBES.displayPrompt, 'daily');
export const displayPromptMonthly = tierTable(CUBES.displayPrompt, 'monthly');
export const displayPageDaily = tierTable(CUBES.displayPage, 'daily');
export const displayPageMonthly = tierTable(CUBES.displayPage, 'monthly');
export const displayLanguageDaily = tierTable(CUBES.displayLanguage, 'daily');
export const displayLanguageMonthly = tierTable(CUBES.displayLanguage, 'monthly');
export const displayDaily = tierTable(CUBES.display, 'daily');
export const displayMonthly = tierTable(CUBES.display, 'monthly');
export const goalDaily = tierTable(CUBES.goal, 'daily');
export const goalMonthly = tierTable(CUBES.goal, 'monthly');
export const frictionDaily = tierTable(CUBES.friction, 'daily');
export const frictionMonthly = tierTable(CUBES.friction, 'monthly');
export const frictionPageDaily = tierTable(CUBES.frictionPage, 'daily');
export const frictionPageMonthly = tierTable(CUBES.frictionPage, 'monthly');

// Hourly tiers of projections of busy sources (cube.hourly).
export const sessionDeviceHourly = tierTable(CUBES.sessionDevice, 'hourly');
export const scorePromptHourly = tierTable(CUBES.scorePrompt, 'hourly');
export const scorePathHourly = tierTable(CUBES.scorePath, 'hourly');
export const scorePageHourly = tierTable(CUBES.scorePage, 'hourly');
export const scoreLanguageHourly = tierTable(CUBES.scoreLanguage, 'hourly');
export const displayPromptHourly = tierTable(CUBES.displayPrompt, 'hourly');
export const displayPageHourly = tierTable(CUBES.displayPage, 'hourly');
export const displayLanguageHourly = tierTable(CUBES.displayLanguage, 'hourly');

// Tiers of the segment cubes (migration 0013).
export const trafficDeviceHourly = tierTable(CUBES.trafficDevice, 'hourly');
export const trafficDeviceDaily = tierTable(CUBES.trafficDevice, 'daily');
export const trafficDeviceMonthly = tierTable(CUBES.trafficDevice, 'monthly');
export const trafficClientHourly = tierTable(CUBES.trafficClient, 'hourly');
export const trafficClientDaily = tierTable(CUBES.trafficClient, 'daily');
export const trafficClientMonthly = tierTable(CUBES.trafficClient, 'monthly');
export const trafficDaily = tierTable(CUBES.traffic, 'daily');
export const trafficMonthly = tierTable(CUBES.traffic, 'monthly');
export const pageClientHourly = tierTable(CUBES.pageClient, 'hourly');
export const pageClientDaily = tierTable(CUBES.pageClient, 'daily');
export const pageClientMonthly = tierTable(CUBES.pageClient, 'monthly');
export const pageSegmentDaily = tierTable(CUBES.pageSegment, 'daily');
export const pageSegmentMonthly = tierTable(CUBES.pageSegment, 'monthly');
export const scoreClientDaily = tierTable(CUBES.scoreClient, 'daily');
export const scoreClientMonthly = tierTable(CUBES.scoreClient, 'monthly');
export const scoreSegmentDaily = tierTable(CUBES.scoreSegment, 'daily');
export const scoreSegmentMonthly = tierTable(CUBES.scoreSegment, 'monthly');
export const displayClientDaily = tierTable(CUBES.displayClient, 'daily');
export const displayClientMonthly = tierTable(CUBES.displayClient, 'monthly');
export const displaySegmentDaily = tierTable(CUBES.displaySegment, 'daily');
export const displaySegmentMonthly = tierTable(CUBES.displaySegment, 'monthly');
export const goalClientDaily = tierTable(CUBES.goalClient, 'daily');
export const goalClientMonthly = tierTable(CUBES.goalClient, 'monthly');
export const goalSegmentDaily = tierTable(CUBES.goalSegment, 'daily');
export const goalSegmentMonthly = tierTable(CUBES.goalSegment, 'monthly');

// Tiers of the resolution cubes (resolved answers and complaints, schema/resolution-rollups.ts).
export const resolutionDaily = tierTable(CUBES.resolution, 'daily');
export const resolutionMonthly = tierTable(CUBES.resolution, 'monthly');
export const resolutionClientDaily = tierTable(CUBES.resolutionClient, 'daily');
export const resolutionClientMonthly = tierTable(CUBES.resolutionClient, 'monthly');
export const resolutionSegmentDaily = tierTable(CUBES.resolutionSegment, 'daily');
export const resolutionSegmentMonthly = tierTable(CUBES.resolutionSegment, 'monthly');
