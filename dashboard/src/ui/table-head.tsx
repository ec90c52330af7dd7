import { st } from '../i18n/studio-catalogue.js';

/** A column of a data table: its label, or the label and `num` for numbers (right-aligned). */
export type Column = string | { label: string; num: true };

/**
 * A data table's header row. `actions` adds a last column for each row's buttons, named for
 * screen readers only.
 */
export function TableHead({ columns, actions = false }: { columns: Column[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.label} scope="col" class="num">
              {c.label}
            </th>
          ),
        )}
        {actions && (
          <th scope="col">
            <span class="visually-hidden">{st('common.actions')}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
