import { MAX_PERSISTED_EVENTS } from '@loupe/shared/constants';
import { readJson, write } from '../storage.js';

/**
 * Serialized events that must survive a reload (prompt answers, conversions), kept in
 * localStorage until the server acknowledges them; bounded, the oldest go first. A batch sent
 * by beacon is never acknowledged, so it is sent again on the next page load: the server stores
 * each event id once, so that is safe. Events grown too old are rejected by the server one by
 * one, which acknowledges (and so removes) them too.
 */
export function createPersistedQueue(key: string) {
  const load = (): string[] => {
    const list = readJson(key);
    return Array.isArray(list) ? list.filter((s) => typeof s === 'string') : [];
  };
  const save = (list: string[]) =>
    write(key, list.length ? JSON.stringify(list.slice(-MAX_PERSISTED_EVENTS)) : undefined);
  return {
    _load: load,
    _add(event: string) {
      save([...load(), event]);
    },
    _remove(events: string[]) {
      const list = events.length ? load() : [];
      const kept = list.filter((s) => !events.includes(s));
      // Most batches hold no persisted event: then nothing is written.
      if (kept.length < list.length) save(kept);
    },
  };
}
