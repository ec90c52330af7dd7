import type Database from 'better-sqlite3';
import { LocalCalendar } from '../../../analytics/local-calendar.js';
import { perDatabase } from '../../../lib/per-database.js';

const zoneOf = perDatabase((db: Database.Database) => db.prepare('SELECT time_zone FROM sites WHERE id = ?').pluck());

/**
 * The calendars of the sites' time zones, each read once until `clear`: a derivation clears them
 * after each commit, as a site's zone may change between two.
 */
export class SiteCalendars {
  private readonly calendars = new Map<string, LocalCalendar>();

  constructor(private readonly db: Database.Database) {}

  of(siteId: string): LocalCalendar {
    let cal = this.calendars.get(siteId);
    if (!cal) {
      cal = new LocalCalendar((zoneOf(this.db).get(siteId) as string | undefined) ?? 'UTC');
      this.calendars.set(siteId, cal);
    }
    return cal;
  }

  clear(): void {
    this.calendars.clear();
  }
}
