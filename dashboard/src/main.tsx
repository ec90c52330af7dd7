import { render } from 'preact';
import { App } from './app.js';
import { currentLocation } from './router/location.js';
import { preloadView } from './router/lazy-view.js';
import { findView } from './router/views.js';
import { initTheme } from './shell/theme.js';

initTheme();
// The view of the URL downloads now, in parallel with the session check (started by the boot
// script, boot/boot.ts), not after it.
const first = findView(currentLocation().route);
if (first) preloadView(first);
render(<App />, document.getElementById('app')!);
