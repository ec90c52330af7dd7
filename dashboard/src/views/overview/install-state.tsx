import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../../auth/session-context.js';
import { t } from '../../i18n/catalogue.js';
import { CopyButton } from '../../ui/copy-button.js';

const POLL_MS = 4000;
const ORIGIN_COMMAND = 'npm run -s site -- add-origin --site {siteId} --origin https://shop.example';

/**
 * A site without any data: how to install the script, and a quiet poll (`probe`) that turns the
 * page live when the first event has arrived.
 */
export function InstallState({ probe, onLive }: { probe: () => Promise<boolean>; onLive: () => void }) {
  const { site } = useSession();
  const [checks, setChecks] = useState(0);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(async () => {
      const arrived = await probe().catch(() => false);
      if (!live) return;
      if (arrived) onLive();
      else setChecks((c) => c + 1);
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [checks]);
  const snippet = `<script async src="${location.origin}/widget.js" data-key="${site.publicKey}"></script>`;
  return (
    <section class="panel install" aria-labelledby="install-title" data-testid="install">
      <h2 id="install-title">{t('install.title')}</h2>
      <p>{t('install.body', { name: site.name })}</p>
      <div class="snippet-row">
        <pre class="snippet">
          <code>{snippet}</code>
        </pre>
        <CopyButton text={snippet} />
      </div>
      <p class="muted">
        {site.origins.length
          ? t('install.origins', { origins: site.origins.join(', ') })
          : t('install.noOrigins', { command: ORIGIN_COMMAND.replace('{siteId}', site.siteId) })}
      </p>
      <p class="listening" role="status">
        <span class="pulse" aria-hidden="true" /> {t('install.listening')}
      </p>
    </section>
  );
}
