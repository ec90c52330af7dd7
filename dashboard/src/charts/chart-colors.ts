/** The chart colours of the theme in effect, read from the stylesheet's custom properties. */
export function chartColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    line: v('--chart-1'),
    fill: v('--chart-1-fill'),
    previous: v('--chart-2'),
    grid: v('--grid'),
    text: v('--text-muted'),
  };
}
