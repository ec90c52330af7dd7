// Where the shipped bytes of the production widget come from: `node bytes-by-source.mjs` (after
// `node build.mjs`) prints, for widget.js and each current chunk, the minified bytes each source
// file became (attributed through the source map, so after terser's pass), its share of the file,
// and the gzip bytes that share stands for (the file's served gzip × the share: an estimate, since
// gzip does not compress every part alike). docs/widget-bytes.md records a run and what it means.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachMapping, TraceMap } from '@jridgewell/trace-mapping';

const dist = process.env.DIST || join(dirname(fileURLToPath(import.meta.url)), 'dist');
const sizes = JSON.parse(readFileSync(join(dist, 'sizes.json'), 'utf8'));
const meta = JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8'));
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = ['widget.js', ...Object.keys(meta.chunks).map((name) => meta[`${name}Chunk`])];

/** UTF-8 bytes of `file` per source file. */
function bytesBySource(file) {
  const code = readFileSync(join(dist, file), 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const marks = [];
  eachMapping(new TraceMap(readFileSync(join(dist, `${file}.map`), 'utf8')), (m) =>
    marks.push({ at: lineStarts[m.generatedLine - 1] + m.generatedColumn, source: m.source }),
  );
  marks.sort((a, b) => a.at - b.at);
  const out = new Map();
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].at : code.length;
    const name = !m.source
      ? '(unmapped)'
      : m.source.includes('node_modules/')
        ? m.source.replace(/^.*node_modules\//, '')
        : relative(repo, resolve(dirname(join(dist, file)), m.source));
    out.set(name, (out.get(name) ?? 0) + Buffer.byteLength(code.slice(m.at, end)));
  });
  return out;
}

for (const file of files) {
  const { raw, gzip, brotli } = sizes[file];
  console.log(`\n${file}: ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli`);
  const rows = [...bytesBySource(file)].sort((a, b) => b[1] - a[1]);
  for (const [source, bytes] of rows) {
    const share = bytes / raw;
    console.log(
      `  ${String(bytes).padStart(6)} B  ${(share * 100).toFixed(1).padStart(5)} %  ~${String(Math.round(share * gzip)).padStart(5)} B gzip  ${source}`,
    );
  }
}
