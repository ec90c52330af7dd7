/**
 * Where to go after logging in: only a path inside the app. `next` comes from the URL, so anything
 * else (another origin, `//evil.example`, a backslash trick) goes to the overview instead.
 */
export function safeNext(next: string | null): string {
  return next?.startsWith('/app/') && !next.startsWith('/app//') && !/[\\\s]/.test(next) ? next : '/app/';
}
