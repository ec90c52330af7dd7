import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n/catalogue.js';

/**
 * A chart with its accessible alternative: a button swaps the drawing for a table of the same
 * numbers (and back). The chart itself is announced with a one-sentence summary.
 */
export function ChartFrame({ chart, table, id }: { chart: ComponentChildren; table: ComponentChildren; id: string }) {
  const [asTable, setAsTable] = useState(false);
  return (
    <div class="chart-frame">
      <div class="chart-toggle">
        <button
          type="button"
          class="link-button"
          aria-controls={id}
          aria-expanded={asTable}
          onClick={() => setAsTable(!asTable)}
        >
          {asTable ? t('graph.showChart') : t('graph.showTable')}
        </button>
      </div>
      <div id={id}>{asTable ? table : chart}</div>
    </div>
  );
}
