/** Chrome prefixes a window `error` event's message; Firefox and Safari do not. */
const BROWSER_PREFIX = /^Uncaught (?:\(in promise\) )?/;

/**
 * The message as the error itself has it: without the browser's "Uncaught " and without the
 * "TypeError: " that `errorType` already says. The same error then reads (and, without a stack,
 * groups) the same from every browser and whether it was thrown or rejected, as in Sentry.
 */
export function plainErrorMessage(message: string, errorType: string): string {
  const m = message.replace(BROWSER_PREFIX, '');
  const typed = `${errorType}: `;
  const plain = errorType !== '' && m.startsWith(typed) ? m.slice(typed.length) : m;
  return plain.trim() === '' ? message : plain;
}
