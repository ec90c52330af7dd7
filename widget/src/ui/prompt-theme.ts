import type { Appearance } from '@loupe/shared';

/**
 * Lightness of an sRGB colour, 0–255 channels, by WCAG's weights on the gamma-encoded values:
 * cruder than relative luminance, and enough to choose between dark and light.
 */
const lightness = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * Below this lightness a colour counts as dark. ~118 is where black and white text reach the
 * same contrast ratio on it (relative luminance ≈ 0.18).
 */
const DARK_BELOW = 118;

/**
 * Whether the host page looks dark, for `theme: auto`: the page's own background first (body,
 * then the root), because that is what the visitor sees next to the prompt; else the page's
 * declared `color-scheme` when it names only one; else the visitor's system setting.
 */
export function hostLooksDark(): boolean {
  for (const el of [document.body, document.documentElement]) {
    // rgb(r, g, b) or rgba(r, g, b, alpha); transparent is rgba(0, 0, 0, 0).
    const [r, g, b, alpha = 1] = getComputedStyle(el)
      .backgroundColor.match(/[\d.]+/g)!
      .map(Number) as number[];
    if (alpha > 0.5) return lightness(r!, g!, b!) < DARK_BELOW;
  }
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  if (/dark/.test(scheme) !== /light/.test(scheme)) return /dark/.test(scheme);
  return matchMedia('(prefers-color-scheme:dark)').matches;
}

/** Black or white, whichever reads better on `hex` (#rrggbb). */
export function textOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return lightness(n >> 16, (n >> 8) & 255, n & 255) < DARK_BELOW ? '#fff' : '#000';
}

/**
 * The appearance as custom properties on the card. The stylesheet reads each under its
 * `--loupe-*` twin, so a site's own CSS variables still win. `font: inherit` takes the host
 * page's font, which the shadow root's `all: initial` would otherwise stop.
 */
export function appearanceStyle({ brandColor, radius, font }: Appearance): Record<string, string | undefined> {
  return {
    '--brand': brandColor,
    '--brand-text': brandColor && textOn(brandColor),
    '--radius': radius === undefined ? undefined : `${radius}px`,
    '--font': font === 'inherit' ? getComputedStyle(document.body).fontFamily : font,
  };
}
