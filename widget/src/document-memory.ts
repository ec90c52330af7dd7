import { DOCUMENT_MEMORY_KEY } from './storage-keys.js';

/**
 * What this document has already reported, for whichever Loupe instance runs on it next. The
 * signals read the document's past again when they start (Web Vitals from buffered performance
 * entries, failed loads from Resource Timing), and they start again after optOut() → optIn(), or
 * as a new instance after destroy() and a new <script> tag: a fresh copy of widget.js, whose module
 * state is new too. So the memory lives in sessionStorage under the document's time origin (the
 * tab's next page starts over), and in memory where storage is refused.
 */
interface DocumentMemory {
  /** performance.timeOrigin of the document it describes. */
  t: number;
  /** Keys of what was reported (each Web Vital's name, value and navigation type). */
  r: string[];
  /** Until when (performance.now()) an error listener watched this document's loads. */
  w: number;
}

let memory: DocumentMemory | undefined;

export function documentMemory(): DocumentMemory {
  const origin = performance.timeOrigin;
  if (memory && memory.t === origin) return memory;
  try {
    const stored = JSON.parse(sessionStorage.getItem(DOCUMENT_MEMORY_KEY)!) as DocumentMemory | null;
    if (stored && stored.t === origin && Array.isArray(stored.r) && typeof stored.w === 'number') memory = stored;
  } catch {
    // unreadable or forbidden: start over
  }
  if (!memory || memory.t !== origin) memory = { t: origin, r: [], w: 0 };
  return memory;
}

/** Saves changes made to documentMemory()'s answer. */
export function keepDocumentMemory(): void {
  try {
    sessionStorage.setItem(DOCUMENT_MEMORY_KEY, JSON.stringify(memory));
  } catch {
    // storage full or forbidden: remembered in memory only
  }
}
