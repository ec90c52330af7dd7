import { MAX_TRACK_NAME_LENGTH, MAX_TRACK_PROP_KEY_LENGTH, MAX_TRACK_PROPS } from '@loupe/shared/constants';
import type { FieldsOf } from './event-fields.js';
import type { TrackProps } from './track-props.js';
import { warn } from './warn.js';

/**
 * `loupe('track', name, props)`: a custom or conversion event. Invalid input never throws:
 * a bad name drops the event, a bad prop drops that prop (each with a dev-build warning), so
 * what is sent always passes the server's strict validation (the transport scrubs every string
 * and cuts long values to the limit).
 */
export function trackFields(name: unknown, props?: unknown): FieldsOf<'track'> | undefined {
  name = typeof name === 'string' && name.trim();
  if (!name || (name as string).length > MAX_TRACK_NAME_LENGTH) {
    if (__DEV__) warn(`track: the name must be 1–${MAX_TRACK_NAME_LENGTH} characters`);
    return;
  }
  const out: TrackProps = {};
  let n = 0;
  for (const [key, value] of Object.entries(props || {})) {
    if (
      n < MAX_TRACK_PROPS &&
      key.length <= MAX_TRACK_PROP_KEY_LENGTH &&
      (value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value))
    ) {
      n++;
      out[key] = value as TrackProps[string];
    } else if (__DEV__) {
      warn(
        `track: prop "${key}" dropped (≤ ${MAX_TRACK_PROPS} props, keys ≤ ${MAX_TRACK_PROP_KEY_LENGTH} chars, values string, finite number, boolean or null)`,
      );
    }
  }
  return { type: 'track', name: name as string, props: out };
}
