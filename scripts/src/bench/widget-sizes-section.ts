import { readFileSync } from 'node:fs';
import { ratio, type BenchSection } from './bench-report.js';

/** The smallest survey bundle among the peers, gzipped (README: theirs are 35–120 KB). */
export const PEER_SURVEY_GZIP_BYTES = 35 * 1024;

type Sizes = Record<string, { raw: number; gzip: number; brotli?: number; gzip9?: number }>;

/** The totals' figure names (README's size table quotes them; not `<file> (<column>)` rows). */
export const TOTAL_FIGURES = {
  everyPageGzip: 'every page downloads: total served gzip',
  everyPageBrotli: 'every page downloads: total served brotli',
  promptSiteGzip: 'a page of a site with prompts downloads (first visit): total served gzip',
  promptSiteBrotli: 'a page of a site with prompts downloads (first visit): total served brotli',
  promptedGzip: 'a prompted visitor downloads: total served gzip',
  promptedBrotli: 'a prompted visitor downloads: total served brotli',
  promptedInLanguageGzip: 'a prompted visitor shown another language: largest total served gzip',
  promptedInLanguageBrotli: 'a prompted visitor shown another language: largest total served brotli',
} as const;

/**
 * `chunks/prompt-CSWJIX7M.js` → `prompt chunk`: the content hash changes on every build. A message
 * catalogue, `chunks/messages-D1E412A4-th.js` → `th messages chunk`.
 */
const label = (file: string) => {
  const catalogue = /^chunks\/messages-[A-Z0-9]+-([a-z]+)\.js$/.exec(file);
  if (catalogue) return `${catalogue[1]} messages chunk`;
  const chunk = /^chunks\/([a-z-]+?)-[A-Z0-9]+\.js$/.exec(file);
  return chunk ? `${chunk[1]} chunk` : file;
};
const isCatalogue = (file: string) => label(file).endsWith(' messages chunk');

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
  // Every page downloads all but the rules, the prompt UI and the why chunk (the loader and the
  // startup chunk); a page of a site with active prompts, the rules too (once: then from the
  // cache); a visitor who is shown a prompt, the prompt UI too. The why chunk only reaches
  // developers who call loupe('why'). Totals in both served encodings (brotli when the browser
  // accepts it, as Chromium, Firefox and Safari do; gzip otherwise).
  const sum = (files: [string, Sizes[string]][], encoding: 'gzip' | 'brotli') =>
    files.reduce((n, [, x]) => n + (x[encoding] ?? x.gzip), 0);
  // The message catalogues but English's (in the prompt chunk) are a chunk each: a visitor shown
  // the prompt in one of those languages downloads that one too.
  const catalogues = Object.entries(sizes).filter(([file]) => isCatalogue(file));
  const prompted = Object.entries(sizes).filter(([file]) => label(file) !== 'why chunk' && !isCatalogue(file));
  const promptSite = prompted.filter(([file]) => label(file) !== 'prompt chunk');
  const everyPage = promptSite.filter(([file]) => label(file) !== 'rules chunk');
  const all = sum(prompted, 'gzip');
  const largest = (encoding: 'gzip' | 'brotli') => Math.max(...catalogues.map((c) => sum([...prompted, c], encoding)));
  figures.unshift(
    { name: TOTAL_FIGURES.everyPageGzip, value: sum(everyPage, 'gzip'), unit: 'bytes' },
    { name: TOTAL_FIGURES.everyPageBrotli, value: sum(everyPage, 'brotli'), unit: 'bytes' },
    ...(promptSite.length > everyPage.length
      ? [
          { name: TOTAL_FIGURES.promptSiteGzip, value: sum(promptSite, 'gzip'), unit: 'bytes' },
          { name: TOTAL_FIGURES.promptSiteBrotli, value: sum(promptSite, 'brotli'), unit: 'bytes' },
        ]
      : []),
    { name: TOTAL_FIGURES.promptedGzip, value: all, unit: 'bytes' },
    { name: TOTAL_FIGURES.promptedBrotli, value: sum(prompted, 'brotli'), unit: 'bytes' },
    ...(catalogues.length
      ? [
          { name: TOTAL_FIGURES.promptedInLanguageGzip, value: largest('gzip'), unit: 'bytes' },
          { name: TOTAL_FIGURES.promptedInLanguageBrotli, value: largest('brotli'), unit: 'bytes' },
        ]
      : []),
  );
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
      'Production build (widget/dist) as its build measures it (sizes.json): gzip is the precompressed .gz the server sends (zopfli), zlib -9 beside it, brotli the precompressed .br it sends to browsers that accept it; every page downloads widget.js (with the scrubber, signals and Web Vitals code); the rules chunk only on sites with active prompts (once, then cached); the prompt chunk only when a prompt shows, and a messages chunk when it shows in that language (English is in the prompt chunk).',
    ],
  };
}
