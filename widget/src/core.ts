import type { Config } from './config.js';
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
  /** Adds id, time, session and page, and queues the event (dropped when it isn't allowed). */
  _emit(fields: EventFields): void;
  _hub: Hub;
  /** The current session id (persistent or in-memory, as consent allows). */
  _sid(): string;
  /** Registers a `loupe(name, …args)` command. */
  _command(name: string, fn: Command): void;
}

/** Hub subscription that ends with the scope. */
export function subscribe(core: Core, scope: Scope, topic: HubTopic, fn: (arg?: string) => void): void {
  scope._add(core._hub._sub(topic, fn));
}
