import type { LinkSecret, PromptLinks } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { linkSecretUrl, promptLinksUrl, rotateLinkSecret } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { Panel } from '../../ui/panel.js';
import { Snippet } from '../../ui/snippet.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';

/**
 * The prompt outside the site (link surveys): its public link, the link for a QR code, the e-mail
 * snippet of one-click score links, and the site's link secret that signs each recipient's token.
 * Every text comes from the API and is shown as text.
 */
export function LinksPanel({ siteId, promptId }: { siteId: string; promptId: string }) {
  const links = useApi<PromptLinks>(promptLinksUrl(siteId, promptId));
  const [version, setVersion] = useState(0);
  const secret = useApi<LinkSecret>(linkSecretUrl(siteId), version);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    if (!confirm(st('links.rotateConfirm'))) return;
    setBusy(true);
    try {
      await rotateLinkSecret(siteId);
      setVersion((v) => v + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title={st('links.title')} id="links">
      <p class="hint">{st('links.intro')}</p>
      {links.error ? (
        <ApiErrorState error={links.error} />
      ) : !links.data ? (
        <LoadingState rows={3} />
      ) : (
        <>
          <Snippet label={st('links.public')} code={links.data.publicUrl} />
          <Snippet label={st('links.qr')} code={links.data.qrUrl} />
          <Snippet label={st('links.emailHtml')} code={links.data.html} />
          <Snippet label={st('links.emailText')} code={links.data.text} />
          {links.data.tokenPlaceholder && (
            <p class="hint">{st('links.placeholder', { placeholder: links.data.tokenPlaceholder })}</p>
          )}
        </>
      )}
      {secret.error ? (
        <ApiErrorState error={secret.error} />
      ) : (
        secret.data && (
          <>
            <Snippet label={st('links.secret')} code={secret.data.secret} />
            <p class="hint">{st('links.secretHint')}</p>
            <button type="button" class="button" disabled={busy} onClick={() => void rotate()}>
              {st('links.rotate')}
            </button>
          </>
        )
      )}
    </Panel>
  );
}
