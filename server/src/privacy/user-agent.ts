import type { DEVICE_CLASSES } from '@loupe/shared/constants';
import Bowser from 'bowser';
import { LruMap } from '../lib/lru-map.js';

export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** All that is kept of a User-Agent: the header itself is never stored. */
export interface ClientClass {
  device: DeviceClass;
  /** Browser family as bowser names it, lower-case ('chrome', 'safari', 'microsoft edge'), or 'other'. */
  browser: string;
}

const MAX_CACHED = 5000;
const MAX_UA_LENGTH = 512;
const cache = new LruMap<string, ClientClass>(MAX_CACHED);

/**
 * Parsing costs ~10 µs per User-Agent and a site's traffic shares a few hundred distinct ones, so
 * results are cached, least recently used first out. (Emptying the whole cache when full, as
 * before, made every visitor of the moment pay a parse again each time a flood of new strings
 * filled it.)
 * bowser (MIT) rather than ua-parser-js, whose v2 is AGPL. TVs, bots and unknown clients count as
 * desktop: the three classes are what the read API segments by.
 */
export function classifyUserAgent(header: string | undefined): ClientClass {
  const ua = (header ?? '').slice(0, MAX_UA_LENGTH);
  const hit = cache.get(ua);
  if (hit) return hit;
  const parser = Bowser.getParser(ua || ' ');
  const platform = parser.getPlatformType(true);
  const result: ClientClass = {
    device: platform === 'mobile' || platform === 'tablet' ? platform : 'desktop',
    browser: parser.getBrowserName(true).slice(0, 64) || 'other',
  };
  cache.set(ua, result);
  return result;
}
