/**
 * Lifecycle moments the signals coordinate on:
 * - `nav`:  a page view is about to change (previous page still current: flush its engagement)
 * - `pv`:   a page view started (argument: how — load, push, replace, pop, hash)
 * - `hide`: the page is being hidden or left (flush everything now, by beacon)
 * - `err`:  an uncaught error happened (for error clicks)
 * - `url`:  the URL changed through the history API, even when the path did not (prompt URL rules
 *           match the query too); after the `pv` of a new path, so `core._page` is the new page
 * - `ev`:   an event was emitted (argument: its fields), even one consent keeps from being sent
 *           (the prompts' track and frustration triggers)
 */
export type HubTopic = 'nav' | 'pv' | 'hide' | 'err' | 'url' | 'ev';

/**
 * A private EventTarget: subscribers listen through a scope (guarded, removed on dispose), and
 * the signals chunk gets the same object, so the two bundles share it without a wire contract.
 */
export type Hub = EventTarget;

export const createHub = (): Hub => new EventTarget();

export function publish(hub: Hub, topic: HubTopic, arg?: unknown): void {
  hub.dispatchEvent(new CustomEvent(topic, { detail: arg }));
}
