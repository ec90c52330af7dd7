const ANY = new Set(['0.0.0.0', '::']);
/** Loopback and wildcard hosts: every name a browser on this machine may use to reach the server. */
const LOCAL_NAMES: Record<string, string[]> = {
  '127.0.0.1': ['localhost', '127.0.0.1'],
  localhost: ['localhost', '127.0.0.1'],
  '::1': ['localhost', '::1'],
  '0.0.0.0': ['localhost', '127.0.0.1'],
  '::': ['localhost', '127.0.0.1', '::1'],
};

const origin = (host: string, port: number): string =>
  // URL normalises the default port away (http://x:80 → http://x), exactly as browsers send Origin.
  new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`).origin;

/**
 * The origins a browser shows for this server: the host it listens on, and for loopback or
 * wildcard hosts both names people type (localhost and 127.0.0.1), so the demo works either way.
 */
export function demoOrigins(host: string, port: number): string[] {
  const hosts = LOCAL_NAMES[host] ?? [host];
  return [...new Set(hosts.map((h) => origin(h, port)))];
}

/** The base URL to print: a wildcard host is not something to type, so it becomes localhost. */
export function displayBaseUrl(host: string, port: number): string {
  return origin(ANY.has(host) ? 'localhost' : host, port);
}
