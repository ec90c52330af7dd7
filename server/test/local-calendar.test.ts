import { describe, expect, it } from 'vitest';
import { LocalCalendar } from '../src/analytics/local-calendar.js';

const H = 3_600_000;
const hours = (b: { start: number; end: number }) => (b.end - b.start) / H;

describe('LocalCalendar', () => {
  it('gives DST days in New York 23 and 25 hours', () => {
    const ny = new LocalCalendar('America/New_York');
    const spring = ny.buckets(Date.UTC(2024, 2, 9, 5), Date.UTC(2024, 2, 12, 4), 'day');
    expect(spring.map((b) => [b.label, hours(b)])).toEqual([
      ['2024-03-09', 24],
      ['2024-03-10', 23],
      ['2024-03-11', 24],
    ]);
    const fall = ny.buckets(Date.UTC(2024, 10, 2, 4), Date.UTC(2024, 10, 4, 5), 'day');
    expect(fall.map((b) => [b.label, hours(b)])).toEqual([
      ['2024-11-02', 24],
      ['2024-11-03', 25],
    ]);
  });

  it('starts weeks on Monday and months on the 1st, in local time (Copenhagen)', () => {
    const cph = new LocalCalendar('Europe/Copenhagen');
    const weeks = cph.buckets(Date.UTC(2024, 2, 24, 23), Date.UTC(2024, 3, 7, 22), 'week');
    expect(weeks.map((b) => [b.label, hours(b), new Date(b.start).toISOString()])).toEqual([
      ['2024-03-25', 167, '2024-03-24T23:00:00.000Z'], // the week of the spring change is an hour short
      ['2024-04-01', 168, '2024-03-31T22:00:00.000Z'],
    ]);
    const months = cph.buckets(Date.UTC(2024, 1, 29, 23), Date.UTC(2024, 3, 30, 22), 'month');
    expect(months.map((b) => b.label)).toEqual(['2024-03-01', '2024-04-01']);
  });

  it('puts each hour of a half-hour zone in the day of its midpoint (Kolkata, +5:30)', () => {
    const kol = new LocalCalendar('Asia/Kolkata');
    const days = kol.buckets(Date.UTC(2024, 0, 1, 18), Date.UTC(2024, 0, 3, 18), 'day');
    // Local midnight is 18:30Z; the hour 18:00–19:00Z has its midpoint at 00:00 local: the new day.
    expect(days.map((b) => [b.label, new Date(b.start).toISOString(), hours(b)])).toEqual([
      ['2024-01-02', '2024-01-01T18:00:00.000Z', 24],
      ['2024-01-03', '2024-01-02T18:00:00.000Z', 24],
    ]);
  });

  it('finds the instant of a local midnight, also when midnight falls in a DST gap', () => {
    expect(new LocalCalendar('Europe/Copenhagen').instantOf({ year: 2024, month: 3, day: 31 })).toBe(
      Date.UTC(2024, 2, 30, 23),
    );
    expect(new LocalCalendar('America/New_York').instantOf({ year: 2024, month: 11, day: 3 })).toBe(
      Date.UTC(2024, 10, 3, 4),
    );
    // Santiago skipped 2024-09-08 00:00–01:00: the day starts at 01:00 local (04:00Z).
    expect(new LocalCalendar('America/Santiago').instantOf({ year: 2024, month: 9, day: 8 })).toBe(
      Date.UTC(2024, 8, 8, 4),
    );
  });
});
