import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  README_END,
  README_START,
  renderWidgetPeersMarkdown,
  renderWidgetPeersReadme,
  type WidgetPeersResult,
} from '../src/bench/widget-peers/render-widget-peers.js';
import { repoRoot } from '../src/testing/index.js';

// README's table of the peers and bench/results/widget-peers.md are generated from
// widget-peers.json by npm run bench:widget; this keeps anyone from editing one without the others.

describe('the committed results', () => {
  const json = path.join(repoRoot, 'bench/results/widget-peers.json');
  it('README.md and widget-peers.md are what widget-peers.json renders to (npm run bench:widget -- --render)', () => {
    expect(existsSync(json), 'bench/results/widget-peers.json: run npm run bench:widget').toBe(true);
    const result = JSON.parse(readFileSync(json, 'utf8')) as WidgetPeersResult;
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END) + README_END.length);
    expect(block).toBe(renderWidgetPeersReadme(result));
    expect(readFileSync(path.join(repoRoot, 'bench/results/widget-peers.md'), 'utf8')).toBe(
      renderWidgetPeersMarkdown(result),
    );
  });
});
