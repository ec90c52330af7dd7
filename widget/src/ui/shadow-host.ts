import type { Appearance } from '@loupe/shared';
import promptStyles from './prompt.css';

export interface ShadowHost {
  host: HTMLElement;
  /** Where the UI renders (a child of the shadow root, so the optional <style> is left alone). */
  mountPoint: HTMLElement;
  remove(): void;
}

/**
 * A custom-named host element (not a `div`, which page CSS loves to hide) with an open shadow root,
 * appended last to <html> — outside <body>, so a transformed or filtered body cannot capture our
 * `position: fixed`, and after every other element, so an equal z-index still puts us on top.
 *
 * Styles: a constructable stylesheet, which CSP `style-src` does not govern (no 'unsafe-inline'
 * needed); where unsupported (Safari < 16.4), a `<style>` element carrying the page's nonce.
 * Content is built with DOM APIs only, never innerHTML.
 */
export function createShadowHost(kind: string, position: Appearance['position'], nonce?: string): ShadowHost {
  const host = document.createElement('loupe-prompt');
  host.setAttribute('data-kind', kind);
  // The stylesheet places the host by it: a corner (bottom-right by default) or the centre.
  if (position) host.setAttribute('data-position', position);
  // The signals ignore clicks and DOM mutations inside Loupe's own UI.
  host.setAttribute('data-loupe-ui', '');
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(promptStyles);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = promptStyles;
    root.appendChild(style);
  }
  const mountPoint = document.createElement('div');
  root.appendChild(mountPoint);
  document.documentElement.appendChild(host);
  return { host, mountPoint, remove: () => host.remove() };
}
