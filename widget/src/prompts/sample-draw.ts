/**
 * A visitor's stable draw in [0, 100) for one prompt: FNV-1a of a per-browser random seed and the
 * prompt id. Stable, so a visitor is in or out of a sample on every visit; per prompt, so two 10 %
 * prompts reach different visitors.
 */
export function sampleDraw(seed: number, promptId: string): number {
  let h = 2166136261;
  for (const c of seed + promptId) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10000) / 100;
}
