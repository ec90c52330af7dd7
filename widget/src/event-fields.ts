import type { LoupeEventInput } from '@loupe/shared';

type BaseKey =
  | 'id'
  | 'ts'
  | 'sessionId'
  | 'visitorId'
  | 'url'
  | 'path'
  | 'referrer'
  | 'title'
  | 'viewport'
  | 'language';

/**
 * What a signal hands to `emit`: one event kind's own members; the shared members (id, ts,
 * session, page) are added by the core. Typed from the shared zod schema, so a signal that builds
 * a member the server would reject fails to compile.
 */
export type EventFields = LoupeEventInput extends infer E
  ? E extends unknown
    ? Omit<E, BaseKey> & Partial<Pick<E, BaseKey & keyof E>>
    : never
  : never;

export type FieldsOf<T extends EventFields['type']> = Extract<EventFields, { type: T }>;
