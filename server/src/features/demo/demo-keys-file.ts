import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const demoKeysSchema = z.object({ siteId: z.string(), publicKey: z.string(), secretKey: z.string() });
export type DemoKeys = z.infer<typeof demoKeysSchema>;

/**
 * Secret keys are stored only as hashes, so the demo site's secret is kept in a file next to the
 * database to reprint it on every start. A deliberate trade-off for the local demo only: no other
 * site's secret is ever written down, and the file is readable by its owner alone (0600).
 */
export function demoKeysPath(dbPath: string): string | undefined {
  return dbPath === ':memory:' ? undefined : path.join(path.dirname(dbPath), 'demo-site.json');
}

export function readDemoKeys(file: string): DemoKeys | undefined {
  try {
    const parsed = demoKeysSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // missing or unreadable: the secret simply cannot be reprinted
  }
}

/** Written to a temporary file and renamed, so a crash never leaves a half-written file. */
export function writeDemoKeys(file: string, keys: DemoKeys): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
