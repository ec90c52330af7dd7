import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentSecurityPolicy, HTML_DIRECTIVES } from '../../plugins/security-headers.js';

const INLINE_SCRIPT = /<script>([^<]*)<\/script>/g;

/** Every .html file under dir, at any depth. */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}

/**
 * The demo shop's policy: the strict default, plus its pages' own inline scripts by hash (the
 * queue stub a customer pastes before the widget's tag, so calls made before it loads are kept)
 * and `data:` images. Hashed from the files at start-up, so editing a page never needs this
 * file; any other inline script, injected or not, is refused.
 */
export function demoContentSecurityPolicy(demoDir: string): string {
  const hashes = new Set<string>();
  for (const file of htmlFiles(demoDir)) {
    for (const [, script] of readFileSync(file, 'utf8').matchAll(INLINE_SCRIPT)) {
      hashes.add(`'sha256-${createHash('sha256').update(script!).digest('base64')}'`);
    }
  }
  return contentSecurityPolicy({
    ...HTML_DIRECTIVES,
    'script-src': ["'self'", ...[...hashes].sort()],
    'img-src': ["'self'", 'data:'],
  });
}
