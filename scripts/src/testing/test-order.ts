import { BaseSequencer, type TestSequencerConstructor, type TestSpecification } from 'vitest/node';

/**
 * A sequencer that starts the files named in `first` (by the end of their path, in that order)
 * before every other file, which keep Vitest's own order. A pool of workers takes files in this
 * order, so the longest file starting first lets the others fill the remaining workers around it,
 * instead of it starting last and running alone at the end (on a clean clone Vitest has no
 * durations to sort by).
 */
export function startingWith(first: readonly string[]): TestSequencerConstructor {
  const rank = (spec: TestSpecification) => {
    const i = first.findIndex((end) => spec.moduleId.endsWith(end));
    return i === -1 ? first.length : i;
  };
  return class extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      // Array.prototype.sort is stable: the others keep the base order.
      return sorted.sort((a, b) => rank(a) - rank(b));
    }
  };
}
