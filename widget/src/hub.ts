import { guard } from './guard.js';

/**
 * Lifecycle moments the signals coordinate on:
 * - `nav`:  a page view is about to change (previous page still current: flush its engagement)
 * - `pv`:   a page view started (argument: how — load, push, replace, pop, hash)
 * - `hide`: the page is being hidden or left (flush everything now, by beacon)
 * - `err`:  an uncaught error happened (for error clicks)
 * - `url`:  the URL changed through the history API, even when the path did not (prompt URL rules
 *           match the query too)
 */
export type HubTopic = 'nav' | 'pv' | 'hide' | 'err' | 'url';

export function createHub() {
  const subs: { [T in HubTopic]?: ((arg?: string) => void)[] } = {};
  return {
    /** Returns the unsubscribe function, to be handed to a scope. */
    _sub(topic: HubTopic, fn: (arg?: string) => void): () => void {
      const list = (subs[topic] ||= []);
      list.push(fn);
      return () => list.splice(list.indexOf(fn) >>> 0, 1);
    },
    _pub(topic: HubTopic, arg?: string): void {
      subs[topic]?.slice().forEach((fn) => guard(fn)(arg));
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
