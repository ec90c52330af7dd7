/**
 * Whether `text` is an origin as the server stores it (scheme, host, optional port; nothing
 * after), checked in the browser so a typo is named before it is sent. The server checks again.
 */
export function originProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'notUrl';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'scheme';
  if (url.origin !== text.replace(/\/$/, '')) return 'path';
  return undefined;
}
