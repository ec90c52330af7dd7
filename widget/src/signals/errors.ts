import { MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_TYPE_LENGTH, MAX_URL_LENGTH } from '@loupe/shared/constants';
import type { StackFrame } from '@loupe/shared';
import { type Core, subscribe } from '../core.js';
import type { FieldsOf } from '../event-fields.js';
import { guard } from '../guard.js';
import { publish } from '../hub.js';
import type { Scope } from '../scope.js';
import { clip } from '../clip.js';
import { documentMemory } from '../document-memory.js';
import { describeThrown } from './describe-thrown.js';
import { failedLoads, LOADING_TAGS } from './failed-loads.js';
import { createFloodControl } from './flood-control.js';
import { frame, parseStack } from './stack-frames.js';

/** Cross-origin scripts without CORS report only this: nothing actionable (Sentry drops it too). */
const OPAQUE = /^(Uncaught )?Script error\.?$/;

/**
 * Uncaught errors and unhandled rejections, by `addEventListener`: the host's own
 * `window.onerror` and handlers keep running, nothing is replaced or prevented. Also failed
 * <img>/<script>/<link> loads: their `error` event doesn't bubble, so it's caught in the capture
 * phase on window (most analytics tools miss these), and those that failed before any listener was
 * there, from Resource Timing. `started`: when the loader's early buffer began to listen.
 */
export function trackErrors(core: Core, scope: Scope, started: number, early: Event[] = []): void {
  const flood = createFloodControl();
  subscribe(core, scope, 'pv', flood._reset);
  const emit = (fields: Omit<FieldsOf<'error'>, 'type'>, frames?: StackFrame[]) => {
    const top: Partial<StackFrame> = (frames && frames[0]) || {};
    if (flood._allow(fields.errorType, fields.message, `${top.file}:${top.line}:${top.col}`)) {
      core._emit({ type: 'error', ...fields, frames });
    }
  };
  const report = (source: 'error' | 'unhandledrejection', value: unknown, at?: ErrorEvent) => {
    const err = value as Partial<Error> | null | undefined;
    const stack = `${(err && err.stack) || ''}`;
    // What was thrown, when the event carries it (`throw null` and cross-origin errors don't):
    // the browser's own message says "Uncaught [object Object]" for an object.
    const text = at && value == null ? at.message.replace(/^Uncaught /, '') : describeThrown(value);
    // Browser extensions and Loupe itself run on the page, but they aren't the site's code.
    const origin = `${stack}\n${at && at.filename}`;
    if (
      OPAQUE.test(text) ||
      /-extension:\/\//.test(origin) ||
      (core._cfg._self || []).some((own) => origin.includes(own))
    )
      return;
    publish(core._hub, 'err');
    emit(
      {
        source,
        errorType:
          clip(err instanceof Error ? err.name : '', 2 * MAX_ERROR_TYPE_LENGTH) ||
          (source === 'error' ? 'Error' : 'UnhandledRejection'),
        message: clip(text, 2 * MAX_ERROR_MESSAGE_LENGTH) || '',
      },
      parseStack(stack) || (at && at.filename ? [frame('', at.filename, at.lineno, at.colno)] : undefined),
    );
  };
  const failedLoad = (tag: string, url: string) => {
    url = clip(url, 2 * MAX_URL_LENGTH) || '';
    emit({
      source: 'resource',
      errorType: 'ResourceError',
      // The URL is part of the message, so flood control tells two broken images apart.
      message: `${tag} failed to load: ${url}`,
      resource: { tag, url },
    });
  };
  // Read from Resource Timing: a load can end just before the loader listened and fire its
  // error event just after, which is then not reported again.
  const timed = new Set<string>();
  const onError = (e: Event) => {
    const el = e.target as HTMLImageElement & HTMLLinkElement;
    if (e instanceof ErrorEvent) report('error', e.error, e);
    else if (LOADING_TAGS.test(el.localName)) {
      const url = el.currentSrc || el.src || el.href;
      if (!timed.delete(url)) failedLoad(el.localName, url);
    }
  };
  const onRejection = (e: Event) => report('unhandledrejection', (e as PromiseRejectionEvent).reason);
  // What failed before anyone listened, what happened while this code was loading, then what
  // happens from now on.
  // Until when an error listener of ours watched this document's loads: a restart (optOut() →
  // optIn(), a new instance) reads only what failed since, so nothing is reported twice.
  for (const [tag, url] of failedLoads(documentMemory().w, started)) {
    timed.add(url);
    failedLoad(tag, url);
  }
  for (const e of early) guard(e.type === 'error' ? onError : onRejection)(e);
  scope._add(() => (documentMemory().w = performance.now()));
  scope._on(window, 'error', onError);
  scope._on(window, 'unhandledrejection', onRejection);
}
