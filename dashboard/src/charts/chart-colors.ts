/**
 * The chart colours of the theme in effect. The stylesheet states each colour as
 * `light-dark(…)`, and a custom property's computed value is that text, which a canvas cannot
 * draw with; so each is resolved through a probe element's `color`, which computes to rgb().
 */
export function chartColors() {
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  const resolve = (name: string) => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  const colors = {
    line: resolve('--chart-1'),
    fill: resolve('--chart-1-fill'),
    previous: resolve('--chart-2'),
    grid: resolve('--grid'),
    text: resolve('--text-muted'),
  };
  probe.remove();
  return colors;
}
