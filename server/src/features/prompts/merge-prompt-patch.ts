import type { PromptDefinition, PromptPatch } from '@loupe/shared';

/**
 * Applies a PATCH to a stored definition. The result is *unvalidated* input for
 * promptDefinitionSchema, so the cross-field rules hold for the merged prompt, not just the patch.
 * `null` removes an optional member (style, frequency.everyDays).
 */
export function mergePromptPatch(current: PromptDefinition, patch: PromptPatch): Record<string, unknown> {
  const { targeting, frequency, style, ...rest } = patch;
  const merged: Record<string, unknown> = {
    ...current,
    ...rest,
    targeting: { ...current.targeting, ...targeting },
    frequency: withoutNulls({ ...current.frequency, ...frequency }),
  };
  if (style === null) delete merged.style;
  else if (style !== undefined) merged.style = style;
  return merged;
}

function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}
