import type { Config } from './config.js';
import type { DeviceClass } from './device-class.js';
import type { EventFields } from './event-fields.js';
import type { Hub, HubTopic } from './hub.js';
import type { Page } from './page.js';
import type { Scope } from './scope.js';

export type Command = (...args: never[]) => unknown;

/** What every signal (and, later, the prompts) gets: config, page state, emit, hub, commands. */
export interface Core {
  _cfg: Config;
  _page: Page;
  /** The page the document was loaded on: Web Vitals describe that navigation, not SPA routes. */
  _landing: Page;
  /** The visitor's device class, read once: prompt targeting and every event use this one. */
  _device: DeviceClass;
  /** Adds id, time, session and page and queues the event (unless consent forbids it); publishes `ev` either way. */
  _emit(fields: EventFields): void;
  _hub: Hub;
  /**
   * Scroll depth of this page view in %: the deepest point seen (scrollTop + viewport) ÷ the
   * document height read now, so after late content loads (Plausible). Shared by engagement and
   * the prompts' scroll rule.
   */
  _depth(): number;
  /** The current session id (persistent or in-memory, as consent allows). */
  _sid(): string;
  /** A new UUIDv7 (uuid.ts): the prompt chunk's display ids come from here, so it has no copy. */
  _uuid(): string;
  /** storage.ts's `readJson` and `write`: the rules chunk keeps its state through these, so it has no copy. */
  _readJson(key: string): unknown;
  _write(key: string, value?: string): void;
  /** The `loupe(name, …args)` commands, by name. */
  _commands: Record<string, Command>;
}

/** Hub subscription that ends with the scope (`ev` carries the event's fields, the others a string or nothing). */
export function subscribe<A = string | undefined>(
  core: Core,
  scope: Scope,
  topic: HubTopic,
  fn: (arg: A) => void,
): void {
  scope._on(core._hub, topic, (e: CustomEvent<A>) => fn(e.detail));
}
