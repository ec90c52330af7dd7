import type { ComponentChildren } from 'preact';

/** A titled section of a view; `actions` sit at the right of the title (tabs, a switch). */
export function Panel({
  title,
  id,
  actions,
  children,
  class: cls,
}: {
  title: string;
  id?: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
  class?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section class={`panel${cls ? ` ${cls}` : ''}`} aria-labelledby={headingId} id={id}>
      <div class="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions && <div class="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
