/**
 * The deepest sample a session belongs to: with `level` ≥ L for a 2^-L share of sessions, the
 * sessions at level ≥ L form a fixed subset of rate 2^-L, each nested in the one below. Drawn from a
 * hash of the session id, so a sampled read picks the same sessions on every request (its answer
 * does not flicker) and no behaviour of the session can bias the choice. Stored with each of the
 * session's first reaches (session_reaches.sample_level) and indexed, so a sampled funnel reads
 * only its sample.
 */
export const MAX_SAMPLE_LEVEL = 10;

export function sessionSampleLevel(sessionId: string): number {
  // FNV-1a over the UTF-16 code units, then murmur3's finaliser: FNV alone mixes its last
  // characters poorly into the low bits, and the level is read from the low bits.
  let h = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) h = Math.imul(h ^ sessionId.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // Trailing zero bits: each is one more halving of the share.
  const low = h & -h;
  return low === 0 ? MAX_SAMPLE_LEVEL : Math.min(31 - Math.clz32(low), MAX_SAMPLE_LEVEL);
}

/**
 * The deepest fixed sample of people a visitor belongs to: the same hash of the visitor id, so every
 * session of one visitor is in the same samples (a sample of sessions is not one of people: a person
 * with more sessions would more likely be in it). 0 without a visitor id (in the full walk only; such
 * a session counts for no visitor). Kept on each trait row (session_traits.person_level).
 */
export const personLevel = (visitorId: string | null): number =>
  visitorId === null ? 0 : sessionSampleLevel(visitorId);
