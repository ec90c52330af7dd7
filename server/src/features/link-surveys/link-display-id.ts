import { createHash } from 'node:crypto';

/**
 * The display id of a hosted page's one answer, derived from what identifies it: the link's token
 * (so every opening of one e-mail's links, on any device, updates one response) or, without a
 * token, the page's own random `answerId`. A UUID (version 8, RFC 9562's custom layout) because a
 * display id is one; the prefixes keep the two kinds apart, and the site and prompt keep one
 * token's answers to different prompts apart.
 */
export function linkDisplayId(siteId: string, promptId: string, by: { token: string } | { answerId: string }): string {
  const key = 'token' in by ? `t\u0000${by.token}` : `a\u0000${by.answerId}`;
  const h = createHash('sha256').update(`loupe-link\u0000${siteId}\u0000${promptId}\u0000${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
