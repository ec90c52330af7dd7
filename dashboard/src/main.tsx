import { render } from 'preact';
import { App } from './app.js';
import { startEarlyRequests } from './boot/early-requests.js';
import { currentLocation } from './router/location.js';
import { preloadView } from './router/lazy-view.js';
import { findView } from './router/views.js';
import { initTheme } from './shell/theme.js';

initTheme();
startEarlyRequests();
// Start downloading the view of the URL now, in parallel with the session check, not after it.
const first = findView(currentLocation().route);
if (first) preloadView(first);
render(<App />, document.getElementById('app')!);
