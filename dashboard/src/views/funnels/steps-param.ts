/** The most steps a funnel has (the API refuses more). */
export const MAX_STEPS = 10;

/** The funnel's steps from the URL's `steps` (commas between steps), blanks dropped. */
export function stepsOf(param: string | null): string[] {
  if (!param) return [];
  return param
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .slice(0, MAX_STEPS);
}

/** The demo shop's funnel, offered when no steps are set. */
export const EXAMPLE_STEPS = ['/product/*', '/cart', '/checkout', 'track:purchase'];
