import { useEffect, useRef } from 'preact/hooks';

interface InboxKeys {
  count: number;
  /** The selected row now: read at each key press, so keys faster than a render act on the latest. */
  selected(): number;
  select(i: number): void;
  onResolve(): void;
  onReopen(): void;
  onEdit(): void;
  /** While a note is being typed, letters are letters. */
  paused: boolean;
}

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** Mail-client keys for triage: j / k move, e resolves, o reopens, Enter writes a note. */
export function useInboxKeys(keys: InboxKeys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = latest.current;
      if (k.paused || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const onRow = e.target instanceof HTMLElement && e.target.classList.contains('response');
      switch (e.key) {
        case 'j':
          k.select(Math.min(k.count - 1, k.selected() + 1));
          break;
        case 'k':
          k.select(Math.max(0, k.selected() - 1));
          break;
        case 'e':
          k.onResolve();
          break;
        case 'o':
          k.onReopen();
          break;
        case 'Enter':
          // Enter on a link or button inside a row does what it says; on the row itself, a note.
          if (!onRow) return;
          k.onEdit();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
