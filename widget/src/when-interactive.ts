/**
 * Runs `fn` once the document is interactive, in a task of its own so Loupe's start-up never
 * lengthens the page's parsing task.
 */
export function whenInteractive(fn: () => void): void {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => setTimeout(fn), { once: true });
  } else {
    setTimeout(fn);
  }
}
