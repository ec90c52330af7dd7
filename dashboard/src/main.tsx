import { render } from 'preact';
import { App } from './app.js';
import { currentLocation } from './router/location.js';
import { findView } from './router/views.js';
import { initTheme } from './shell/theme.js';

initTheme();
// Start downloading the view of the URL now, in parallel with the session check, not after it.
findView(currentLocation().route)?.load().catch(() => undefined);
render(<App />, document.getElementById('app')!);
