import type { ConversionResponse } from '@loupe/shared';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent } from '../../i18n/format.js';
import { BarTable } from '../../ui/bar-table.js';

type Row = ConversionResponse['rows'][number];

const BAND_LABEL = {
  promoter: 'conversion.band.promoter',
  passive: 'conversion.band.passive',
  detractor: 'conversion.band.detractor',
} as const;

/**
 * Goal conversion per page, device or answer band; the bar is the conversion rate (the view says
 * above it when the API estimated it from a sample of sessions, under a path or audience filter).
 */
export function ConversionTable({ data }: { data: ConversionResponse }) {
  const label = (r: Row) =>
    data.by === 'band' && r.value in BAND_LABEL ? t(BAND_LABEL[r.value as keyof typeof BAND_LABEL]) : r.value;
  return (
    <BarTable<Row>
      caption={t('conversion.title')}
      labelHeader={t(`conversion.${data.by}`)}
      rows={data.rows}
      rowKey={(r) => r.value}
      label={label}
      bar={(r) => r.conversionRate ?? 0}
      columns={[
        {
          key: 'rate',
          label: t('conversion.rate'),
          numeric: true,
          render: (r) => <span data-value={r.conversionRate ?? 'null'}>{formatPercent(r.conversionRate)}</span>,
        },
        {
          key: 'converted',
          label: t('conversion.converted'),
          numeric: true,
          secondary: true,
          render: (r) => formatCount(r.converted),
        },
        { key: 'sessions', label: t('conversion.sessions'), numeric: true, render: (r) => formatCount(r.sessions) },
      ]}
    />
  );
}
