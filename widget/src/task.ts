import { MAX_TASK_NAME_LENGTH } from '@loupe/shared/constants';
import { warn } from './warn.js';

/**
 * The dev build's warnings for `loupe('task', name, action)` (create-loupe.ts sends what is text):
 * the server refuses an empty name or an action other than start, success and fail, and the
 * transport cuts a name to MAX_TASK_NAME_LENGTH. Call it as `if (__DEV__) warnTask(…)`, so the
 * production build drops it.
 */
export function warnTask(name: unknown, action: unknown): void {
  if (!(typeof name === 'string' && name.trim() && /^(start|success|fail)$/.test(action as string)))
    warn(`task: needs a name and 'start', 'success' or 'fail'`, name, action);
  else if (name.length > MAX_TASK_NAME_LENGTH)
    warn(`task: the name is cut to ${MAX_TASK_NAME_LENGTH} characters`, name);
}
