// Source checkouts (tsx, vitest) start the writer thread from TypeScript through tsx; the built
// server (dist/) starts dist/writer-thread.js instead (threaded-commit-backend.ts picks which).
import { tsImport } from 'tsx/esm/api';

await tsImport('./writer-thread.ts', import.meta.url);
