import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each dialect's schema files and its committed migrations must agree: drizzle-kit, run on a copy
// of the migrations, must find nothing to generate. A schema change committed without
// `drizzle-kit generate` (or a migration edited away from its snapshot's schema) fails here.

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const drizzleKit = path.join(path.dirname(createRequire(import.meta.url).resolve('drizzle-kit')), 'bin.cjs');

const DIALECTS = [
  { dialect: 'sqlite', schema: './src/db/schema/*.ts', out: 'drizzle' },
  { dialect: 'postgresql', schema: './src/db/schema-pg/*.ts', out: 'drizzle-pg' },
] as const;

describe.each(DIALECTS)('$dialect schema and migrations ($out/)', ({ dialect, schema, out }) => {
  it('agree: drizzle-kit generate finds no schema change', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-drift-'));
    try {
      const copy = path.join(dir, out);
      cpSync(path.join(serverDir, out), copy, { recursive: true });
      const before = readdirSync(copy, { recursive: true }).sort();
      // drizzle-kit reads `out` relative to the working directory (server/, for the schema glob).
      const config = path.join(dir, 'drizzle.config.mjs');
      const outFromServer = path.relative(serverDir, copy);
      writeFileSync(config, `export default ${JSON.stringify({ dialect, schema, out: outFromServer })};\n`);
      const run = spawnSync(process.execPath, [drizzleKit, 'generate', `--config=${config}`], {
        cwd: serverDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output).toBe(0);
      expect(output).toContain('No schema changes, nothing to migrate');
      expect(readdirSync(copy, { recursive: true }).sort()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
