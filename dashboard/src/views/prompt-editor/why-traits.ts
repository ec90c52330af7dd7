// The visitor's traits typed in "why isn't it showing?", as the preview page takes them.

/** `plan=pro` lines as identify's traits (the first `=` splits; a line without one is skipped); none: undefined. */
export function traitsOfText(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (name) out[name] = line.slice(at + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}
