import type { PageStats } from '@loupe/shared';
import { VITAL_NAMES } from '@loupe/shared/constants';
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/catalogue.js';
import { formatCount, formatDuration, formatPercent } from '../i18n/format.js';
import { useViewState } from '../state/use-view-state.js';
import { filterHref } from '../state/filter-href.js';
import { BarTable, type Column } from './bar-table.js';
import { frictionOf, VitalBadge } from './vital-badge.js';

type VitalName = (typeof VITAL_NAMES)[number];

export interface PagesTableProps {
  caption: string;
  pages: PageStats[];
  /**
   * The pages view's table: short headers, the scroll depth and every Web Vital (LCP and INP
   * kept on a phone). Otherwise the overview's: friction and LCP beside the traffic.
   */
  detailed?: boolean;
  footer?: ComponentChildren;
}

const vitalColumn = (name: VitalName, label: string, secondary: boolean): Column<PageStats> => ({
  key: name,
  label,
  numeric: true,
  secondary,
  render: (p) => <VitalBadge name={name} vital={p.vitals[name]} />,
});

/** Pages with the figures behind their experience; a row filters the view by its path. */
export function PagesTable({ caption, pages, detailed = false, footer }: PagesTableProps) {
  const state = useViewState();
  const columns: Column<PageStats>[] = [
    { key: 'views', label: t('metric.views'), numeric: true, render: (p) => formatCount(p.views, true) },
    {
      key: 'bounce',
      label: detailed ? t('pages.bounce') : t('metric.bounceRate'),
      numeric: true,
      secondary: true,
      render: (p) => formatPercent(p.bounceRate),
    },
    {
      key: 'engagement',
      label: detailed ? t('pages.engagement') : t('metric.avgEngagementMs'),
      numeric: true,
      secondary: true,
      render: (p) => formatDuration(p.avgEngagementMs),
    },
    ...(detailed
      ? [
          {
            key: 'scroll',
            label: t('pages.scroll'),
            numeric: true,
            secondary: true,
            render: (p: PageStats) => formatPercent(p.avgScrollDepth),
          },
        ]
      : []),
    {
      key: 'friction',
      label: t('metric.friction'),
      numeric: true,
      secondary: detailed,
      render: (p) => formatCount(frictionOf(p)),
    },
    ...(detailed
      ? VITAL_NAMES.map((name) => vitalColumn(name, name, name !== 'LCP' && name !== 'INP'))
      : [vitalColumn('LCP', t('metric.lcp'), true)]),
  ];
  return (
    <BarTable<PageStats>
      caption={caption}
      labelHeader={t('table.page')}
      rows={pages}
      rowKey={(p) => p.path}
      label={(p) => p.path}
      href={(p) => filterHref('', state, 'path', p.path)}
      active={(p) => state.filters.path === p.path}
      bar={(p) => p.views}
      columns={columns}
      footer={footer}
    />
  );
}
