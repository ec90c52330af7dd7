import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../pages');
/** The ES module build, as a site that bundles or self-hosts it would serve it. */
const ESM = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist/esm');
/** A 1×1 transparent PNG: an image that loads. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export interface FixtureServer {
  /** The customer site's origin, e.g. http://127.0.0.1:41234 (register it on the site). */
  origin: string;
  /** A second origin, for cross-origin scripts (their errors reach the page as `Script error.`). */
  otherOrigin: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The "customer site": one HTML page per scenario from test/pages, with {{LOUPE}} (the Loupe
 * server's URL), {{PROXY}} (a recording proxy in front of it), {{KEY}} (the site's public key)
 * and {{OTHER}} (the second origin) filled in. Any path under /spa/ serves the
 * page named by `?page=` so SPA deep links reload. Plus a few assets for the error scenarios:
 * /ok.png and /ok.css load (/ok.png on the other origin too), /missing*.png|css|js are 404s, and
 * anything else on the other origin answers an empty script.
 */
export async function startFixtureServer(fill: { loupe: string; key: string; proxy: string }): Promise<FixtureServer> {
  // A third-party script host: its script throws, and without CORS the page only sees "Script error.".
  const other = createServer((req, res) => {
    if (req.url === '/ok.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(req.url === '/throw.js' ? 'setTimeout(function () { throw new Error("third-party secret"); });' : '');
  });
  const otherOrigin = await listen(other);
  const site = createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://x');
    try {
      if (url.pathname.startsWith('/esm/') && /^[\w/.-]+\.js$/.test(url.pathname) && !url.pathname.includes('..')) {
        const js = await readFile(path.join(ESM, url.pathname.slice('/esm/'.length)), 'utf8');
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(js);
        return;
      }
      if (url.pathname === '/slow.js') {
        // Keeps the parser blocked (document.readyState 'loading') for a while.
        await new Promise((r) => setTimeout(r, Number(url.searchParams.get('ms') || 1500)));
        res
          .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
          .end('window.slowDone = true;');
        return;
      }
      if (url.pathname === '/ok.png' || url.pathname === '/ok.css') {
        const css = url.pathname.endsWith('.css');
        res
          .writeHead(200, { 'content-type': css ? 'text/css' : 'image/png', 'cache-control': 'no-store' })
          .end(css ? 'h1 { margin: 0 }' : PNG);
        return;
      }
      if (/^\/missing[\w-]*\.(png|css|js)$/.test(url.pathname)) {
        res.writeHead(404).end();
        return;
      }
      const name = url.pathname.startsWith('/spa/') ? url.searchParams.get('page') || 'spa' : url.pathname.slice(1);
      if (!/^[a-z0-9-]+$/.test(name.replace(/\.html$/, ''))) throw new Error('bad name');
      const html = await readFile(path.join(PAGES, `${name.replace(/\.html$/, '')}.html`), 'utf8');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        html
          .replaceAll('{{LOUPE}}', fill.loupe)
          .replaceAll('{{PROXY}}', fill.proxy)
          .replaceAll('{{KEY}}', fill.key)
          .replaceAll('{{OTHER}}', otherOrigin),
      );
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  const origin = await listen(site);
  return {
    origin,
    otherOrigin,
    close: async () => {
      site.closeAllConnections();
      other.closeAllConnections();
      await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => other.close(r))]);
    },
  };
}
