import type Database from 'better-sqlite3';

/**
 * Text compared without regard to case or Unicode form: NFKC, then lower case by Unicode's rules.
 * SQLite's own lower() and LIKE fold ASCII only, so "ØDELAGT" would miss "ødelagt" and a
 * decomposed "é" would miss a composed one; a search in Danish or Vietnamese needs both.
 */
export const foldText = (s: string): string => s.normalize('NFKC').toLowerCase();

/** The SQL name of foldText on every connection the server opens. */
export const FOLD_FUNCTION = 'loupe_fold';

/** Makes `loupe_fold(text)` available to this connection's queries (NULL stays NULL). */
export function registerTextFold(sqlite: Database.Database): void {
  sqlite.function(FOLD_FUNCTION, { deterministic: true }, (s: unknown) => (typeof s === 'string' ? foldText(s) : null));
}
