/**
 * The prompt's DOM, built directly: `h('p', { class: 'question' }, text)` is the `<p>` itself.
 * The card has three steps and a handful of controls, each step drawn once when it is entered,
 * so it needs no virtual DOM to diff: a framework was about 3.5 KB gzip of the prompt chunk
 * (docs/widget-bytes.md). Text is always a text node, never parsed as HTML.
 */

/** A child: a node or text; `false`, `null` and `undefined` leave nothing (conditional parts). */
export type Child = Node | string | number | false | null | undefined;

/**
 * Attributes by their HTML names (`tabindex`, `aria-checked`: a boolean is written "true" or
 * "false"), `undefined` for none; `onclick`-style names take a listener; `style` takes custom
 * properties (`--brand`), an undefined one left unset.
 */
export type Props = Record<
  string,
  string | number | boolean | undefined | ((event: never) => void) | Record<string, string | undefined>
>;

function fill<E extends Element>(el: E, props: Props | null, children: Child[]): E {
  for (const [name, value] of Object.entries(props || {})) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value as EventListener);
    else if (typeof value === 'object')
      for (const [property, v] of Object.entries(value)) {
        if (v !== undefined) (el as unknown as HTMLElement).style.setProperty(property, v);
      }
    else if (value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children)
    if (child != null && child !== false) el.append(typeof child === 'number' ? String(child) : child);
  return el;
}

/** An HTML element with these attributes, listeners and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] => fill(document.createElement(tag), props, children);

/** The same for an SVG element. */
export const svg = <K extends keyof SVGElementTagNameMap>(
  tag: K,
  props: Props | null,
  ...children: Child[]
): SVGElementTagNameMap[K] => fill(document.createElementNS('http://www.w3.org/2000/svg', tag), props, children);
