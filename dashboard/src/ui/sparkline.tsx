/** A tiny trend line; `label` is its text alternative (without one it is decorative). */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: number[];
  label?: string;
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return null;
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
    .join(' ');
  const line = (
    <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
  );
  const box = { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, focusable: 'false' } as const;
  return label ? (
    <svg {...box} role="img">
      <title>{label}</title>
      {line}
    </svg>
  ) : (
    <svg {...box} aria-hidden="true">
      {line}
    </svg>
  );
}
