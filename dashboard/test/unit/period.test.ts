import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isDate, todayIn } from '../../src/state/calendar.js';
import { defaultInterval, intervalsFor, previousRange, rangeOf } from '../../src/state/period.js';
import { changeQuery, readViewState } from '../../src/state/view-state.js';

// The period picker's arithmetic: local dates of the site's zone, both ends included, as the API
// reads `from`/`to` dates.

describe('calendar', () => {
  it('adds days and months across month, year and leap-day edges', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-01');
    expect(addMonths('2024-03-15', -11)).toBe('2023-04-01');
    expect(daysBetween('2024-03-01', '2024-03-31')).toBe(31);
    expect(daysBetween('2024-03-05', '2024-03-05')).toBe(1);
  });

  it('knows a real date from a look-alike', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isDate('2024-13-01')).toBe(false);
    expect(isDate('2024-1-01')).toBe(false);
    expect(isDate(null)).toBe(false);
  });

  it("today is the site's date, not the browser's", () => {
    const t = Date.UTC(2024, 2, 10, 23, 30); // 23:30 UTC on 10 March
    expect(todayIn('UTC', t)).toBe('2024-03-10');
    expect(todayIn('Europe/Copenhagen', t)).toBe('2024-03-11');
    expect(todayIn('America/New_York', t)).toBe('2024-03-10');
    expect(todayIn('Not/AZone', t)).toBe('2024-03-10');
  });
});

describe('periods', () => {
  const today = '2024-03-15';
  it.each([
    ['today', { from: '2024-03-15', to: '2024-03-15' }],
    ['7d', { from: '2024-03-09', to: '2024-03-15' }],
    ['30d', { from: '2024-02-15', to: '2024-03-15' }],
    ['month', { from: '2024-03-01', to: '2024-03-15' }],
    ['12mo', { from: '2023-04-01', to: '2024-03-15' }],
  ] as const)('%s', (period, range) => {
    expect(rangeOf(period, today)).toEqual(range);
  });

  it('a custom range is taken as given when valid, else the default period', () => {
    expect(rangeOf('custom', today, { from: '2024-01-01', to: '2024-01-31' })).toEqual({
      from: '2024-01-01',
      to: '2024-01-31',
    });
    expect(rangeOf('custom', today, { from: '2024-02-01', to: '2024-01-31' })).toEqual(rangeOf('30d', today));
    expect(rangeOf('custom', today, { from: '2020-01-01', to: '2024-01-31' })).toEqual(rangeOf('30d', today));
    expect(rangeOf('custom', today, { from: 'yesterday' })).toEqual(rangeOf('30d', today));
  });

  it('compares with the same number of days just before', () => {
    expect(previousRange({ from: '2024-03-01', to: '2024-03-31' })).toEqual({ from: '2024-01-30', to: '2024-02-29' });
    expect(previousRange({ from: '2024-03-15', to: '2024-03-15' })).toEqual({ from: '2024-03-14', to: '2024-03-14' });
  });

  it('offers the intervals that make a readable graph, hours only within a week', () => {
    expect(intervalsFor({ from: today, to: today })).toEqual(['hour']);
    expect(intervalsFor({ from: '2024-03-09', to: today })).toEqual(['hour', 'day']);
    expect(intervalsFor({ from: '2024-02-15', to: today })).toEqual(['day', 'week']);
    expect(intervalsFor({ from: '2023-04-01', to: today })).toEqual(['day', 'week', 'month']);
    expect(intervalsFor({ from: '2022-04-01', to: today })).toEqual(['week', 'month']);
    expect(defaultInterval({ from: today, to: today })).toBe('hour');
    expect(defaultInterval({ from: '2024-02-15', to: today })).toBe('day');
    expect(defaultInterval({ from: '2023-04-01', to: today })).toBe('month');
  });
});

describe('the view state in the URL', () => {
  it('reads period, compare, interval and filters, ignoring what it does not know', () => {
    const q = new URLSearchParams('site=site_1&period=7d&compare=1&interval=hour&path=/checkout&device=mobile&bogus=1');
    const s = readViewState(q, '2024-03-15');
    expect(s).toMatchObject({
      siteId: 'site_1',
      period: '7d',
      compare: true,
      interval: 'hour',
      filters: { path: '/checkout', device: 'mobile' },
    });
    expect(s.range).toEqual({ from: '2024-03-09', to: '2024-03-15' });
  });

  it('falls back to allowed values (an hourly graph of a year is not offered)', () => {
    const s = readViewState(new URLSearchParams('period=12mo&interval=hour'), '2024-03-15');
    expect(s.interval).toBe('month');
    expect(readViewState(new URLSearchParams('period=forever'), '2024-03-15').period).toBe('30d');
  });

  it('changes some members and keeps the rest', () => {
    const q = new URLSearchParams('site=s&period=7d&path=/a');
    expect(changeQuery(q, { path: undefined, device: 'tablet' }).toString()).toBe('site=s&period=7d&device=tablet');
    expect(q.toString()).toBe('site=s&period=7d&path=%2Fa');
  });
});
