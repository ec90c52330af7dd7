import { LocalCalendar } from '../../analytics/local-calendar.js';

/**
 * The instant before which rows expire: the start of the local day `days` days before today, in the
 * site's time zone. So a window is whole days as the dashboard shows them (a day is never half
 * deleted), and a daily run removes one more day. Times compared with it are when things happened
 * (an event's `ts`, a session's last event, an answer's first event): the times the rollups and
 * every read are bucketed by, not when the server received them.
 */
export function retentionCutoff(timeZone: string, days: number, now: number): number {
  const calendar = new LocalCalendar(timeZone);
  return calendar.instantOf(LocalCalendar.addDays(calendar.dateOf(now), -days));
}
