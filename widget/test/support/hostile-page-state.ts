import type { Page } from 'playwright-core';

/**
 * Computed styles of every host element (the prompt's own host excluded) plus the body's markup:
 * equal before and after means the widget changed nothing of the page's look. Plain loops only:
 * the page under test may have broken Array.prototype.map and friends.
 */
export function hostSnapshot(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const props = [
      'display',
      'position',
      'color',
      'font-family',
      'font-size',
      'transform',
      'filter',
      'overflow',
      'width',
      'height',
      'margin-top',
      'z-index',
      'background-color',
    ];
    const out: string[] = [];
    const els = document.querySelectorAll('html, body, body *');
    for (let i = 0; i < els.length; i++) {
      const el = els[i]!;
      if (el.localName === 'loupe-prompt') continue;
      const s = getComputedStyle(el);
      let line = `${el.localName}#${el.id}`;
      for (let j = 0; j < props.length; j++) line += `|${s.getPropertyValue(props[j]!)}`;
      out.push(line);
    }
    out.push(document.body.outerHTML.replace(/<loupe-prompt[\s\S]*?<\/loupe-prompt>/g, ''));
    return out;
  });
}

/** Uncaught exceptions and unhandled rejections of the page (the widget must cause none). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
