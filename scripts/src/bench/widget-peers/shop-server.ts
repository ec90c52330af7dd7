import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../../testing/repo-root.js';
import type { ContestantId } from './contestants.js';
import type { SurveyTarget } from './nps-survey.js';

// The customer's site: the demo shop (demo-site/public) on its own loopback origin, its product
// page carrying the one script under test. The shop's files are sent as they are (no delay, no
// compression): they are the same for every contestant, and the baseline run pays them too.

const PUBLIC = path.join(repoRoot, 'demo-site/public');
/** The demo's embed line: the bench puts the contestant's snippet in its place. */
const EMBED = '<script src="/demo/assets/loupe-embed.js"></script>';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The HTML a contestant's snippet adds to the page's <head> (empty for the bare page). */
export type SnippetFor = (id: ContestantId, target: SurveyTarget) => string;

export interface ShopServer {
  origin: string;
  /** The product page with `id`'s script, the survey targeted as `target` says. */
  productUrl(id: ContestantId, target: SurveyTarget): string;
  close(): Promise<void>;
}

export async function startShopServer(snippetFor: SnippetFor): Promise<ShopServer> {
  const product = await readFile(path.join(PUBLIC, 'product.html'), 'utf8');
  if (!product.includes(EMBED)) throw new Error(`demo-site/public/product.html no longer has the line ${EMBED}`);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    try {
      if (url.pathname === '/demo/product.html') {
        const id = url.searchParams.get('bench') as ContestantId | null;
        const target = (url.searchParams.get('target') ?? 'page') as SurveyTarget;
        const html = product.replace(EMBED, id ? snippetFor(id, target) : '');
        res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
        res.end(html);
        return;
      }
      const rel = path.normalize(url.pathname.replace(/^\/demo\//, ''));
      if (!url.pathname.startsWith('/demo/') || rel.startsWith('..'))
        throw Object.assign(new Error('not found'), { code: 'ENOENT' });
      const body = await readFile(path.join(PUBLIC, rel));
      res.writeHead(200, {
        'content-type': TYPES[path.extname(rel)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    productUrl: (id, target) => `${origin}/demo/product.html?id=stoneware-mug&bench=${id}&target=${target}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
