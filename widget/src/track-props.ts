/** The properties of `track(name, props)`: flat values only (the server refuses nested ones). */
export type TrackProps = Record<string, string | number | boolean | null>;
