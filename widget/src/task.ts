import { MAX_TASK_NAME_LENGTH } from '@loupe/shared/constants';
import type { Core } from './core.js';
import { warn } from './warn.js';

/**
 * `loupe('task', name, 'start' | 'success' | 'fail')`: a step of a task the site measures. A name
 * that is no text, or an unknown action, drops the call; a longer name is cut to
 * MAX_TASK_NAME_LENGTH by the transport, which scrubs it like every string (the dev build warns
 * of each). Kept this small on purpose: it is in widget.js. Whether a started task was abandoned
 * is decided by the server once the session is over, so nothing is sent on page hide.
 */
export function task(core: Core, name: unknown, action: unknown): void {
  const t = typeof name === 'string' && name.trim();
  if (t && /^(start|success|fail)$/.test(action as string))
    core._emit({ type: 'task', task: t, action: action as 'start' });
  else if (__DEV__) warn(`task: needs a name and 'start', 'success' or 'fail'`, name, action);
  if (__DEV__ && t && t.length > MAX_TASK_NAME_LENGTH)
    warn(`task: the name is cut to ${MAX_TASK_NAME_LENGTH} characters`, t);
}
