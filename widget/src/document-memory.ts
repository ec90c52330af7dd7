/**
 * What this document has already reported, for whichever Loupe instance runs on it next. The
 * signals read the document's past again when they start (Web Vitals from buffered performance
 * entries, failed loads from Resource Timing), and they start again after optOut() → optIn(), or
 * as a new instance after destroy() and a new <script> tag: a fresh copy of widget.js, whose module
 * state is new too. So the memory hangs on the document itself, under a registered symbol every
 * copy of the script finds (no name the page can collide with): it lives exactly as long as the
 * document, and costs no storage round trip or JSON at start (sessionStorage did, on every page).
 */
export interface DocumentMemory {
  /** Keys of what was reported (each Web Vital's name, value and navigation type). */
  r: string[];
  /** Until when (performance.now()) an error listener watched this document's loads. */
  w: number;
}

const KEY = Symbol.for('loupe.document');
/** This copy's own, where the page made its document refuse new properties (`Object.freeze`). */
const own: DocumentMemory = { r: [], w: 0 };

export function documentMemory(): DocumentMemory {
  const doc = document as Document & { [KEY]?: DocumentMemory };
  if (!doc[KEY] && Object.isExtensible(doc)) doc[KEY] = own;
  return doc[KEY] || own;
}
