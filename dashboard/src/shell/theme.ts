import { useEffect, useState } from 'preact/hooks';

// Dark mode follows the OS unless someone chooses; the choice is remembered per browser.
// The stylesheet reads `data-theme` on <html> (absent = follow prefers-color-scheme).

export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
const KEY = 'loupe.theme';
/** Fired on window whenever the colours in effect change (a choice or the OS switching). */
export const THEME_CHANGED = 'loupe:theme-changed';

function stored(): Theme {
  try {
    const v = localStorage.getItem(KEY) as Theme | null;
    return v && THEMES.includes(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

export function applyTheme(theme: Theme): void {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  try {
    if (theme === 'auto') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  window.dispatchEvent(new Event(THEME_CHANGED));
}

/** Called once at start, before the first render, so the first paint has the chosen colours. */
export function initTheme(): void {
  const theme = stored();
  if (theme !== 'auto') document.documentElement.dataset.theme = theme;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () =>
    window.dispatchEvent(new Event(THEME_CHANGED)),
  );
}

export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState(stored);
  return [
    theme,
    (next) => {
      applyTheme(next);
      setTheme(next);
    },
  ];
}

/** Re-renders when the colours change (charts draw on a canvas and must repaint). */
export function useThemeVersion(): number {
  const [v, setV] = useState(0);
  useEffect(() => {
    const bump = () => setV((x) => x + 1);
    window.addEventListener(THEME_CHANGED, bump);
    return () => window.removeEventListener(THEME_CHANGED, bump);
  }, []);
  return v;
}
