import path from 'node:path';
import { DOCS_PATH } from '../docs/docs-plugin.js';
import type { DemoSite } from './seed-demo-site.js';

export const DEMO_PATH = '/demo/';

/** The human-readable start-up message of `npm start`: where to click, and the demo site's keys. */
export function demoBanner(baseUrl: string, demo: DemoSite | undefined): string {
  const lines = [
    '',
    `Loupe is running at ${baseUrl}`,
    `  API docs:    ${baseUrl}${DOCS_PATH}`,
  ];
  if (demo) {
    lines.push(
      `  Demo site:   ${baseUrl}${DEMO_PATH}`,
      '',
      `  "${demo.site.name}" site ${demo.site.siteId}${demo.created ? ' (created now)' : ''}`,
      `    allowed origins: ${demo.site.origins.join(', ')}`,
      `    public key:      ${demo.site.publicKey}`,
    );
    if (demo.secretKey) {
      lines.push(`    secret key:      ${demo.secretKey}`);
      if (demo.keysFile) {
        lines.push(`    (kept in ${path.relative(process.cwd(), demo.keysFile) || demo.keysFile} for the local demo only;`);
        lines.push('     rotate it with `npm run site -- rotate-secret` before exposing this server)');
      }
    } else {
      lines.push(
        '    secret key:      not available (rotated, or the keys file is gone);',
        `                     get a new one with: npm run site -- rotate-secret --site ${demo.site.siteId}`,
      );
    }
  }
  return `${lines.join('\n')}\n\n`;
}
