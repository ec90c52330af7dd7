// Deploys: a page keeps the loader it fetched (widget.js, max-age 300 s) and imports the chunks of
// that loader's own build later: the rules chunk once the config lists a prompt, the prompt chunk
// when a prompt is due, the why chunk when asked. Chunk names carry their content hash, so a new build
// names them anew and its dist/ would no longer hold the old ones: every page still running the
// previous loader would lose its signals and prompts until it reloads. So a build keeps the chunks
// it no longer makes for a day after it stopped making them (far longer than a loader is cached,
// also when a build waits a while before its deploy), and always those of the build before it.
// dist/chunk-history.json records, for each chunk file, when it was built and when it was retired.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const KEEP_RETIRED_CHUNKS_MS = 24 * 60 * 60 * 1000;
const HISTORY = 'chunk-history.json';

/** The production chunks in `dist` before it is rebuilt, with their history ({} when none). */
export async function readPreviousChunks(dist) {
  const files = new Map();
  let history = {};
  try {
    history = JSON.parse(await readFile(join(dist, HISTORY), 'utf8'));
    for (const name of await readdir(join(dist, 'chunks'))) files.set(name, await readFile(join(dist, 'chunks', name)));
  } catch {
    // no previous build, or one from before this history: nothing to keep
  }
  return { files, history };
}

/**
 * Writes back the earlier chunks this build no longer makes but a cached loader may still ask for
 * (with their .gz, .br and source map), and the history: this build's chunks (`current`, e.g.
 * `chunks/why-ABCD1234.js`) were built `now`; the previous build's others are retired `now`.
 * Returns the chunks kept.
 */
export async function keepPreviousChunks(dist, previous, current, now = Date.now()) {
  const history = {};
  for (const [file, entry] of Object.entries(previous.history)) {
    const { built, retired = now } = entry && typeof entry === 'object' ? entry : {};
    const name = file.slice('chunks/'.length);
    if (current.includes(file) || now - retired >= KEEP_RETIRED_CHUNKS_MS || !previous.files.has(name)) continue;
    history[file] = { built, retired };
    await mkdir(join(dist, 'chunks'), { recursive: true });
    for (const variant of [name, `${name}.gz`, `${name}.br`, `${name}.map`]) {
      if (previous.files.has(variant)) await writeFile(join(dist, 'chunks', variant), previous.files.get(variant));
    }
  }
  for (const file of current) history[file] = { built: now };
  await writeFile(join(dist, HISTORY), `${JSON.stringify(history, null, 2)}\n`);
  return Object.keys(history).filter((f) => !current.includes(f));
}
