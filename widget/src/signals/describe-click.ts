import { MAX_CLICK_TEXT_LENGTH, MAX_VIEWPORT_PX } from '@loupe/shared/constants';
import type { FieldsOf } from '../event-fields.js';
import { isMasked } from '../privacy.js';
import { clip } from '../clip.js';
import { selectorOf } from './selector.js';

export type ClickInfo = Omit<FieldsOf<'click'>, 'type' | 'kind' | 'count'>;

/** What a visitor means to click: the nearest of these around what was hit. */
export const INTERACTIVE =
  'a,button,input,select,textarea,label,summary,[role=button],[role=link],[role=tab],[role=menuitem],[onclick]';

const px = (n: number) => Math.round(Math.max(-MAX_VIEWPORT_PX, Math.min(MAX_VIEWPORT_PX, n)));

/**
 * Selector, tag, page and element-relative position. Text only for links and buttons (their
 * label says what was clicked); an <input type=submit>'s label is its value, and no other
 * field value is ever read.
 */
export function describeClick(el: Element, e: MouseEvent): ClickInfo {
  const box = el.getBoundingClientRect();
  const label = isMasked(el)
    ? ''
    : el instanceof HTMLInputElement
      ? /^(button|submit|reset)$/.test(el.type) && el.value
      : el.matches('a,button,[role=button],[role=link]') && el.textContent;
  return {
    selector: selectorOf(el),
    // Cut to its limit by the scrubber every event passes, as the selector is.
    tag: el.localName,
    text: clip((label || '').replace(/\s+/g, ' ').trim(), 2 * MAX_CLICK_TEXT_LENGTH),
    x: px(e.pageX),
    y: px(e.pageY),
    rx: px(e.clientX - box.left),
    ry: px(e.clientY - box.top),
  };
}
