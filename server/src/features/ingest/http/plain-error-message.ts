/** Chrome's window `error` message: "Uncaught TypeError: …" (Firefox and Safari send "TypeError: …"). */
const BROWSER_PREFIX = /^Uncaught (?:\(in promise\) )?/;

/**
 * The message as the error itself has it: without the "TypeError: " that `errorType` already
 * says, nor Chrome's "Uncaught " before it. The same error then reads (and, without a stack,
 * groups) the same from every browser and whether it was thrown or rejected, as in Sentry. Only
 * that exact shape is touched: a message of its own that starts with "Uncaught" is kept.
 */
export function plainErrorMessage(message: string, errorType: string): string {
  if (errorType === '') return message;
  const typed = `${errorType}: `;
  const m = message.replace(BROWSER_PREFIX, '');
  if (!m.startsWith(typed)) return message;
  const plain = m.slice(typed.length);
  return plain.trim() === '' ? message : plain;
}
