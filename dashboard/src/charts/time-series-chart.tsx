import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { useThemeVersion } from '../shell/theme.js';
import { chartColors } from './chart-colors.js';

export interface TimeSeries {
  label: string;
  values: (number | null)[];
  /** The previous period: dashed, behind the current one. */
  previous?: boolean;
  /** Per-point margin of error (drawn as a band around the line). */
  margin?: (number | null)[];
}

export interface TimeSeriesChartProps {
  /** Bucket starts, Unix seconds. */
  xs: number[];
  series: TimeSeries[];
  /** Axis and tooltip text of a value. */
  format: (v: number | null) => string;
  tz: string;
  /** Hours on the x axis (hourly buckets) or dates. */
  hourly: boolean;
  /** What the chart shows, for screen readers (the table toggle gives the numbers). */
  summary: string;
  height?: number;
  /** The legend's name of the x value (the bucket). */
  xLabel: string;
}

/**
 * A line chart drawn by uPlot on a canvas (about 20 KB gzip; styles through the CSSOM, which a
 * strict CSP allows). It is an image to assistive technology: its table alternative sits beside it.
 */
export function TimeSeriesChart(p: TimeSeriesChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const colors = chartColors();
    const height = p.height ?? 260;
    const bands: uPlot.Band[] = [];
    const data: (number | null)[][] = [p.xs];
    const series: uPlot.Series[] = [{ label: p.xLabel, value: (_u, ts) => (ts == null ? '' : fmtX(ts)) }];
    const fmtX = (ts: number) =>
      new Intl.DateTimeFormat('en', {
        timeZone: p.tz,
        ...(p.hourly
          ? { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' }
          : { day: 'numeric', month: 'short', year: 'numeric' }),
      }).format(ts * 1000);
    for (const s of p.series) {
      if (s.margin) {
        const lo = s.values.map((v, i) => (v === null || s.margin![i] == null ? null : v - s.margin![i]!));
        const hi = s.values.map((v, i) => (v === null || s.margin![i] == null ? null : v + s.margin![i]!));
        data.push(hi, lo);
        series.push(
          { label: `${s.label} +`, class: 'band-edge', stroke: 'transparent', points: { show: false } },
          { label: `${s.label} −`, class: 'band-edge', stroke: 'transparent', points: { show: false } },
        );
        bands.push({ series: [data.length - 2, data.length - 1], fill: colors.fill });
      }
      data.push(s.values);
      series.push({
        label: s.label,
        stroke: s.previous ? colors.previous : colors.line,
        width: s.previous ? 1.5 : 2,
        dash: s.previous ? [6, 4] : undefined,
        fill: s.previous || s.margin ? undefined : colors.fill,
        spanGaps: false,
        points: { size: 5 },
        value: (_u, v) => p.format(v),
      });
    }
    const axis = {
      stroke: colors.text,
      grid: { stroke: colors.grid, width: 1 },
      ticks: { stroke: colors.grid, width: 1 },
    };
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), p.tz),
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
        axes: [{ ...axis }, { ...axis, size: 60, values: (_u, ticks) => ticks.map((v) => p.format(v)) }],
        series,
        bands,
        legend: { show: true, live: true },
        cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      },
      data as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0) plot.setSize({ width: el.clientWidth, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [p.xs, p.series, theme, p.tz, p.hourly]);
  return <div class="chart" ref={box} role="img" aria-label={p.summary} />;
}
