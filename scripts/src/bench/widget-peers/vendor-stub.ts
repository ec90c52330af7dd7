import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PeerBundles, type ServedFile, serveFile } from './build-peer-bundles.js';
import { plausibleItems, posthogItems, posthogText, type SentItem, sentryItems } from './beacon-payloads.js';
import {
  posthogFlags,
  posthogRemoteConfig,
  posthogRemoteConfigScript,
  posthogSurveys,
} from './posthog-stub-answers.js';

// One loopback origin that plays every peer vendor: it serves their bundles (the CDN) and answers
// their endpoints (the API), so nothing leaves the machine. Beacons are decoded and kept, so a
// run can check what each script sent.

export type Vendor = 'posthog' | 'sentry' | 'plausible';

export interface Beacon {
  vendor: Vendor;
  path: string;
  /** Request body bytes as sent (compressed when the script compresses). */
  bytes: number;
  /** The body as text (decompressed when the script compressed it). */
  text: string;
  items: SentItem[];
}

export interface VendorStub {
  origin: string;
  /** Every beacon received, in order (reset it between runs with `beacons.length = 0`). */
  beacons: Beacon[];
  /** Requests the stub could not answer (404): a peer asked for something it does not know. */
  unknown: string[];
  setBundles(bundles: PeerBundles): void;
  close(): Promise<void>;
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** CORS as the vendors answer it: the page's origin, with credentials (posthog-js may send cookies). */
function cors(req: http.IncomingMessage, res: http.ServerResponse) {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('vary', 'origin, accept-encoding');
}

/** The negotiation Loupe's server does for widget.js: brotli when accepted, else gzip, else raw. */
function sendScript(req: http.IncomingMessage, res: http.ServerResponse, file: ServedFile) {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const [encoding, body] = /\bbr\b/.test(accepted)
    ? ['br', file.br]
    : /\bgzip\b/.test(accepted)
      ? ['gzip', file.gz]
      : [undefined, file.raw];
  res.setHeader('content-type', 'text/javascript; charset=utf-8');
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('timing-allow-origin', '*');
  res.setHeader('cache-control', 'public, max-age=300');
  res.setHeader('vary', 'accept-encoding');
  if (encoding) res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', body.length);
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startVendorStub(): Promise<VendorStub> {
  let bundles: PeerBundles = new Map();
  const beacons: Beacon[] = [];
  const unknown: string[] = [];
  const configScripts = new Map<string, ServedFile>();

  const record = (
    vendor: Vendor,
    path: string,
    body: Buffer,
    toText: () => string,
    toItems: (text: string) => SentItem[],
  ) => {
    let text = '';
    let items: SentItem[];
    try {
      text = toText();
      items = toItems(text);
    } catch {
      items = [{ name: '(unreadable body)' }];
    }
    beacons.push({ vendor, path, bytes: body.length, text, items });
  };
  const utf8 = (body: Buffer) => () => body.toString('utf8');

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = url.pathname;
      if (req.method === 'OPTIONS') {
        cors(req, res);
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? '*'));
        res.setHeader('access-control-max-age', '86400');
        res.writeHead(204).end();
        return;
      }
      const script = req.method === 'GET' ? bundles.get(path) : undefined;
      if (script) return sendScript(req, res, script);

      cors(req, res);
      const config = /^\/array\/([\w-]+)\/config(\.js)?$/.exec(path);
      if (req.method === 'GET' && config) {
        if (!config[2]) return sendJson(res, 200, posthogRemoteConfig(config[1]!));
        // A script like any other: compressed like the bundles (PostHog's CDN compresses it too).
        const token = config[1]!;
        const file = configScripts.get(token) ?? serveFile(Buffer.from(posthogRemoteConfigScript(token)));
        configScripts.set(token, file);
        return sendScript(req, res, file);
      }
      if (req.method === 'GET' && path === '/api/surveys/')
        return sendJson(res, 200, posthogSurveys(url.searchParams.get('token') ?? ''));
      if (req.method === 'POST') {
        const body = await readBody(req);
        if (path === '/flags/' || path === '/decide/') return sendJson(res, 200, posthogFlags());
        if (/^\/(e|i\/v0\/e|batch|capture|track)\/?$/.test(path)) {
          record('posthog', path, body, () => posthogText(body, url.searchParams), posthogItems);
          return sendJson(res, 200, { status: 1 });
        }
        if (/^\/api\/\d+\/envelope\/?$/.test(path)) {
          record('sentry', path, body, utf8(body), sentryItems);
          return sendJson(res, 200, { id: 'bench' });
        }
        if (path === '/api/event') {
          record('plausible', path, body, utf8(body), plausibleItems);
          res.writeHead(202, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
      }
      unknown.push(`${req.method} ${path}`);
      sendJson(res, 404, { error: 'not stubbed' });
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    beacons,
    unknown,
    setBundles: (b) => {
      bundles = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
