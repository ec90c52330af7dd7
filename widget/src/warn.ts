/**
 * Dev-only console warning. Call it as `if (__DEV__) warn(...)` so the production build drops
 * the call and its message strings entirely.
 */
export function warn(...args: unknown[]): void {
  console.warn('[loupe]', ...args);
}
