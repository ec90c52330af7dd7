// One launcher for every browser test, from the shared harness (@loupe/scripts/testing).
export { launchChromium } from '@loupe/scripts/testing';
