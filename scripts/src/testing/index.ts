export { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';
export { freePort } from './free-port.js';
export { repoRoot } from './repo-root.js';
export { launchChromium } from './launch-chromium.js';
export { buildWhenStale, buildWorkspace, newestChange } from './build-when-stale.js';
