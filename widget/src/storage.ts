// localStorage throws in some sandboxed iframes, with storage disabled, or when full: Loupe then
// just forgets (no persistent ids, no persisted queue) instead of failing. No cookies, ever.

export function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value`, or removes the key when `value` is undefined. */
export function write(key: string, value?: string): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage full or forbidden: best effort
  }
}

/** The parsed JSON stored under `key`; null or undefined when absent, corrupt or unreadable. */
export function readJson(key: string): unknown {
  try {
    return JSON.parse(read(key)!);
  } catch {
    // corrupt: the caller starts over
  }
}
