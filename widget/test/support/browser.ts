// One launcher for every browser test: scripts/src/testing/launch-chromium.ts.
export { launchChromium } from '../../../scripts/src/testing/index.js';
