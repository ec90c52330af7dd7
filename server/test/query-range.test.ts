import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors/api-error.js';
import { previousRange, resolveRange } from '../src/analytics/query-range.js';

const iso = (t: number) => new Date(t).toISOString();
const fails = (q: Parameters<typeof resolveRange>[0], field: string) => {
  try {
    resolveRange(q);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).statusCode).toBe(400);
    expect((e as ApiError).errors?.[0]?.path).toBe(`querystring.${field}`);
    return;
  }
  throw new Error('expected a 400');
};

describe('resolveRange', () => {
  it('refuses years outside 1970-2999 itself (Date.UTC reads 0026 as 1926)', () => {
    fails({ from: '0026-12-01', to: '2026-12-31', tz: 'UTC' }, 'from');
    fails({ from: '2026-12-01', to: '0026-12-31T10:00', tz: 'UTC' }, 'to');
    fails({ from: '0026-12-01T00:00:00Z', tz: 'UTC' }, 'from');
    fails({ from: '2999-12-01', to: '3000-01-02', tz: 'UTC' }, 'to');
  });

  it('reads dates as local midnights, `to` inclusive', () => {
    const r = resolveRange({ from: '2024-03-01', to: '2024-03-31', tz: 'Europe/Copenhagen' });
    expect([iso(r.fromHour), iso(r.toHour)]).toEqual(['2024-02-29T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
  });

  it('reads date-times with an offset as instants and without one as local wall time', () => {
    const withOffset = resolveRange({
      from: '2024-03-01T09:00:00+02:00',
      to: '2024-03-02T00:00Z',
      tz: 'America/New_York',
    });
    expect([iso(withOffset.fromHour), iso(withOffset.toHour)]).toEqual([
      '2024-03-01T07:00:00.000Z',
      '2024-03-02T00:00:00.000Z',
    ]);
    const local = resolveRange({ from: '2024-07-01T09:00', to: '2024-07-01T17:00:00.000', tz: 'America/New_York' });
    expect([iso(local.fromHour), iso(local.toHour)]).toEqual(['2024-07-01T13:00:00.000Z', '2024-07-01T21:00:00.000Z']);
  });

  it('defaults to the last 30 local days up to the end of the current hour', () => {
    const now = Date.UTC(2024, 5, 15, 10, 20);
    const r = resolveRange({ tz: 'UTC' }, now);
    expect([iso(r.fromHour), iso(r.toHour)]).toEqual(['2024-05-17T00:00:00.000Z', '2024-06-15T11:00:00.000Z']);
  });

  it('rounds to whole hours by the midpoint rule (Kolkata midnight is 18:30Z)', () => {
    const r = resolveRange({ from: '2024-01-02', to: '2024-01-02', tz: 'Asia/Kolkata' });
    expect([iso(r.fromHour), iso(r.toHour)]).toEqual(['2024-01-01T18:00:00.000Z', '2024-01-02T18:00:00.000Z']);
  });

  it('gives the previous period of equal length', () => {
    const r = resolveRange({ from: '2024-03-10', to: '2024-03-11', tz: 'UTC' });
    const p = previousRange(r);
    expect([iso(p.fromHour), iso(p.toHour)]).toEqual(['2024-03-08T00:00:00.000Z', '2024-03-10T00:00:00.000Z']);
  });

  it('rejects impossible dates, reversed and over-long ranges, and sub-hour ranges', () => {
    fails({ from: '2024-02-30', tz: 'UTC' }, 'from');
    fails({ from: '2024-01-01T24:00', tz: 'UTC' }, 'from');
    fails({ from: '2024-03-02', to: '2024-03-01', tz: 'UTC' }, 'from');
    fails({ from: '2020-01-01', to: '2024-01-01', tz: 'UTC' }, 'to');
    fails({ from: '2024-01-01T10:00Z', to: '2024-01-01T10:20Z', tz: 'UTC' }, 'to');
  });
});
