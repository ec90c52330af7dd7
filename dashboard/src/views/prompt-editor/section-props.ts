import type { Errors } from './form-bits.js';
import type { Draft } from './prompt-draft.js';

/** What each section of the prompt form is given: the draft, how to change it, and the server's field errors. */
export interface SectionProps {
  draft: Draft;
  update: (fn: (d: Draft) => Draft) => void;
  errors: Errors;
}
