import path from 'node:path';
import { DOCS_PATH } from '../docs/docs-plugin.js';
import type { DemoSite } from './seed-demo-site.js';

export const DEMO_PATH = '/demo/';

/** The read API routes the banner's curl commands call: the demo's two headline answers. */
export const BANNER_READS = [
  {
    label: 'the NPS score, its distribution and daily series (kind=csat or ces for the others)',
    path: '/v1/metrics/scores?kind=nps',
  },
  { label: 'page metrics (views, bounce, scroll, errors, frustration)', path: '/v1/metrics/pages' },
] as const;

/**
 * `npm run seed` arguments the banner suggests: eight weeks, sized to finish in about a quarter of
 * a minute on a laptop, so the read API has trends and segments right away.
 */
export const DEMO_SEED_ARGS = '--days 56 --responses 5000 --events 200000';

/** Single quotes keep every shell from expanding anything in the key or the URL. */
const curl = (url: string, secret: string) => `curl -H 'Authorization: Bearer ${secret}' '${url}'`;

/**
 * The human-readable start-up message of `npm start`: where to click, the demo site's keys, and
 * two curl commands that read its numbers with the real secret key.
 */
export function demoBanner(baseUrl: string, demo: DemoSite | undefined, dbPath = ':memory:'): string {
  const lines = ['', `Loupe is running at ${baseUrl}`];
  lines.push(`  Dashboard:   ${baseUrl}/app/   <- log in to see scores, friction and complaints`);
  if (demo) lines.push(`  Demo shop:   ${baseUrl}${DEMO_PATH}   <- open this in a browser`);
  lines.push(`  API docs:    ${baseUrl}${DOCS_PATH}`);
  if (demo) {
    lines.push(
      '',
      `  "${demo.site.name}" site ${demo.site.siteId}${demo.created ? ' (created now)' : ''}`,
      `    allowed origins: ${demo.site.origins.join(', ')}`,
      ...(demo.created
        ? ['    prompts:         NPS, CSAT, CES and a frustration check, created with it (GET /v1/prompts)']
        : []),
      `    public key:      ${demo.site.publicKey}   (goes in the page's <script data-key>)`,
    );
    if (demo.secretKey) {
      lines.push(`    secret key:      ${demo.secretKey}   (reads the API; never put it in a page)`);
      if (demo.keysFile) {
        lines.push(
          `    (kept in ${path.relative(process.cwd(), demo.keysFile) || demo.keysFile} for the local demo only;`,
        );
        lines.push('     rotate it with `npm run site -- rotate-secret` before exposing this server)');
      }
    } else {
      lines.push(
        '    secret key:      not available (rotated, or the keys file is gone);',
        `                     get a new one with: npm run site -- rotate-secret --site ${demo.site.siteId}`,
      );
    }
    const secret = demo.secretKey ?? '<secret key>';
    lines.push('', '  Read what the demo shop collected:');
    for (const read of BANNER_READS) lines.push(`    # ${read.label}`, `    ${curl(baseUrl + read.path, secret)}`);
    if (dbPath !== ':memory:') {
      // npm runs scripts in the repository root, where npm start runs the server too.
      const rel = path.relative(process.cwd(), dbPath);
      const db = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dbPath;
      // Into a site of its own: seeded into the demo site, generic pages would mix with the shop's
      // and its (paused) prompts would still be noise in the demo's list.
      lines.push(
        '',
        '  Try the read API on eight weeks of realistic history, in a site of its own (it can run while',
        "  the server does; it prints the new site's keys as JSON):",
        `    npm run seed -- --db '${db}' ${DEMO_SEED_ARGS}`,
      );
    }
  }
  return `${lines.join('\n')}\n\n`;
}
