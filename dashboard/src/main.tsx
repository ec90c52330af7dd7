import { render } from 'preact';
import { App } from './app.js';
import { initTheme } from './shell/theme.js';

initTheme();
render(<App />, document.getElementById('app')!);
