import type { Site } from '@loupe/shared';
import { useEffect, useState } from 'preact/hooks';
import { st } from '../../i18n/studio-catalogue.js';
import { Panel } from '../../ui/panel.js';
import { Snippet } from '../../ui/snippet.js';
import { ago, useLastEvent } from './last-event.js';

/** A site counts as live while its last event is this recent. */
const LIVE_MS = 10 * 60_000;

/** The three ways to install the script, and a live "last event received" light. */
export function InstallPanel({ site }: { site: Site }) {
  const at = useLastEvent(site);
  // Re-render every few seconds so "12 seconds ago" keeps counting.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, []);
  const origin = location.origin;
  const tag = `<script async src="${origin}/widget.js" data-key="${site.publicKey}"></script>`;
  const stub = '<script>window.loupe=window.loupe||function(){(loupe.q=loupe.q||[]).push(arguments)}</script>';
  const esm = `import { init } from '@loupe/widget';\n\ninit({ key: '${site.publicKey}', api: '${origin}' });`;
  const live = at !== null && Date.now() - Date.parse(at) < LIVE_MS;
  return (
    <Panel title={st('install.title')} id="install">
      <p class={`last-event ${live ? 'live' : at ? 'idle' : 'none'}`} role="status" data-last-event={at ?? ''}>
        <span class="dot" aria-hidden="true" />
        {at ? st('install.lastEvent', { ago: ago(at) }) : st('install.noEvent')}
      </p>
      <Snippet label={st('install.tag')} code={tag} />
      <Snippet label={st('install.stub')} code={stub} />
      <Snippet label={st('install.esm')} code={esm} />
    </Panel>
  );
}
