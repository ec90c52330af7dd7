/** `loupe('why', id)`: whether the prompt could show right now, and every reason it can't. */
export interface Why {
  promptId: string;
  eligible: boolean;
  reasons: string[];
}
