import { readFileSync } from 'node:fs';
import { ratio, type BenchSection } from './bench-report.js';

/** The smallest survey bundle among the peers, gzipped (README: theirs are 35–120 KB). */
export const PEER_SURVEY_GZIP_BYTES = 35 * 1024;

type Sizes = Record<string, { raw: number; gzip: number; brotli?: number; gzip9?: number }>;

/** `chunks/prompt-CSWJIX7M.js` → `prompt chunk`: the content hash changes on every build. */
const label = (file: string) => {
  const chunk = /^chunks\/([a-z-]+?)-[A-Z0-9]+\.js$/.exec(file);
  return chunk ? `${chunk[1]} chunk` : file;
};

/**
 * The widget's shipped bytes from widget/dist/sizes.json (written by its build): exact, so they
 * need no baseline; the one ratio compares everything a visitor downloads to see a prompt with
 * the smallest peer survey bundle.
 */
export function widgetSizesSection(sizesFile: string): BenchSection {
  const sizes = JSON.parse(readFileSync(sizesFile, 'utf8')) as Sizes;
  const figures = Object.entries(sizes).flatMap(([file, s]) => [
    { name: `${label(file)} (gzip, served)`, value: s.gzip, unit: 'bytes' },
    ...(s.gzip9 === undefined ? [] : [{ name: `${label(file)} (zlib gzip -9)`, value: s.gzip9, unit: 'bytes' }]),
    ...(s.brotli === undefined ? [] : [{ name: `${label(file)} (brotli)`, value: s.brotli, unit: 'bytes' }]),
    { name: `${label(file)} (raw)`, value: s.raw, unit: 'bytes' },
  ]);
  // Loader, signals, vitals and the prompt UI: everything a visitor who is shown a prompt downloads
  // (the why chunk only reaches developers who call loupe('why')).
  const all = Object.entries(sizes)
    .filter(([file]) => label(file) !== 'why chunk')
    .reduce((sum, [, x]) => sum + x.gzip, 0);
  figures.unshift({ name: 'every file, what a prompted visitor downloads (gzip)', value: all, unit: 'bytes' });
  return {
    id: 'sizes',
    title: 'Widget sizes',
    figures,
    ratios: [
      ratio(
        'all widget files ÷ smallest peer survey bundle',
        all / PEER_SURVEY_GZIP_BYTES,
        '35 KB gzip (README)',
        '≤ 1',
      ),
    ],
    notes: [
      'Production build (widget/dist) as its build measures it (sizes.json): gzip is the precompressed .gz the server sends (zopfli), zlib -9 beside it; vitals load lazily after `load`.',
    ],
  };
}
