import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: scripts/src/testing/ is three levels below it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
