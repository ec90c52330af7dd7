import type { ComponentChildren } from 'preact';
import { t } from '../i18n/catalogue.js';
import { Link } from '../router/link.js';
import { TableWrap } from './table-wrap.js';

export interface Column<Row> {
  key: string;
  label: string;
  /** The cell's text (or element); numbers are right-aligned. */
  render: (row: Row) => ComponentChildren;
  numeric?: boolean;
  /** Hidden below 600 px wide, so the table fits a phone. */
  secondary?: boolean;
}

export interface BarTableProps<Row> {
  caption: string;
  /** The first column: the dimension value (page, device…), a link that filters by it. */
  labelHeader: string;
  label: (row: Row) => string;
  /** Where a row leads (adds its filter); undefined: not clickable. */
  href?: (row: Row) => string | undefined;
  /** The size of each row's bar, relative to the largest. */
  bar: (row: Row) => number;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Marks the row that is the active filter. */
  active?: (row: Row) => boolean;
  empty?: string;
  footer?: ComponentChildren;
}

/**
 * A table with a bar behind each row (Plausible's breakdowns): a real <table>, so it is its own
 * accessible alternative. Every value is rendered as text.
 */
export function BarTable<Row>(p: BarTableProps<Row>) {
  const max = Math.max(0, ...p.rows.map(p.bar));
  if (p.rows.length === 0) {
    return (
      <div class="panel-empty">
        <p>{p.empty ?? t('table.empty')}</p>
      </div>
    );
  }
  return (
    <TableWrap label={p.caption}>
      <table class="bar-table">
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.labelHeader}</th>
            {p.columns.map((c) => (
              <th key={c.key} scope="col" class={`${c.numeric ? 'num' : ''}${c.secondary ? ' secondary' : ''}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((row) => {
            const href = p.href?.(row);
            const label = p.label(row);
            const width = max > 0 ? (100 * p.bar(row)) / max : 0;
            return (
              <tr key={p.rowKey(row)} class={p.active?.(row) ? 'active' : undefined}>
                <th scope="row" class="bar-cell">
                  <span class="bar" style={{ width: `${width.toFixed(2)}%` }} aria-hidden="true" />
                  {href ? (
                    <Link href={href} class="row-link" title={label}>
                      {label}
                    </Link>
                  ) : (
                    <span class="row-label" title={label}>
                      {label}
                    </span>
                  )}
                </th>
                {p.columns.map((c) => (
                  <td key={c.key} class={`${c.numeric ? 'num' : ''}${c.secondary ? ' secondary' : ''}`}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {p.footer}
    </TableWrap>
  );
}
