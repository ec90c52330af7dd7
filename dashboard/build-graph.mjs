// The import graph of the build's metafile: which JavaScript files a browser must download before
// a view can render. Shared by build.mjs (sizes.json) and the size-budget test.

/** The overview's source entry: its chunk is what `/app/` imports first. */
export const OVERVIEW_ENTRY = 'src/views/overview/overview-view.tsx';

/**
 * Every JS output reachable from `starts` through static imports (dynamic `import()` is loaded on
 * demand, so it is not followed). A start is an output path (`dist/assets/main-….js`) or a source
 * entry (`src/views/…`), which names the chunk built for it. Returns paths relative to dist/.
 */
export function closure(metafile, starts) {
  const outputs = metafile.outputs;
  const toOutput = (start) => {
    if (outputs[start]) return start;
    const hit = Object.entries(outputs).find(([file, o]) => o.entryPoint === start && file.endsWith('.js'));
    if (!hit) throw new Error(`no output built for ${start}`);
    return hit[0];
  };
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file].imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  for (const start of starts) visit(toOutput(start));
  return [...seen].map((f) => f.replace(/^dist\//, '')).sort();
}
