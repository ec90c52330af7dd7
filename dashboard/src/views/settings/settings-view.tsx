import { useState } from 'preact/hooks';
import { useSession } from '../../auth/session-context.js';
import { st } from '../../i18n/studio-catalogue.js';
import { appHref } from '../../router/location.js';
import { EmptyState } from '../../ui/states.js';
import { AuditPanel } from './audit-panel.js';
import { DeleteSitePanel } from './delete-site-panel.js';
import { EraseVisitorPanel } from './erase-visitor-panel.js';
import { InstallPanel } from './install-panel.js';
import { KeysPanel } from './keys-panel.js';
import { OriginsPanel } from './origins-panel.js';
import { PageGroupsPanel } from './page-groups-panel.js';
import { PromptDefaultsPanel } from './prompt-defaults-panel.js';
import { RetentionPanel } from './retention-panel.js';
import { SharesPanel } from './shares-panel.js';
import { SiteForm } from './site-form.js';
import { WebhooksPanel } from './webhooks-panel.js';

/**
 * The site's settings, for owners: name and zone, allowed origins, install, keys, shared links,
 * webhooks, retention, a visitor's erasure and the audit log, deletion. Viewers read the webhooks only.
 */
export function View() {
  const session = useSession();
  // Bumped by an erasure, so the audit log shows its entry.
  const [audited, setAudited] = useState(0);
  if (!session.canChange) {
    return (
      <div class="studio" key={session.site.siteId}>
        <EmptyState title={st('settings.ownersOnly.title')}>
          <p>{st('settings.ownersOnly.body')}</p>
        </EmptyState>
        <WebhooksPanel site={session.site} readOnly />
      </div>
    );
  }
  const { site } = session;
  return (
    <div class="studio" key={site.siteId}>
      <div class="studio-head">
        <h1>{st('settings.title', { name: site.name })}</h1>
        <a class="button" href={appHref('new-site', {})}>
          {st('sites.add')}
        </a>
      </div>
      <SiteForm site={site} />
      <OriginsPanel site={site} />
      <InstallPanel site={site} />
      <KeysPanel site={site} />
      <PromptDefaultsPanel site={site} />
      <PageGroupsPanel site={site} />
      <SharesPanel site={site} />
      <WebhooksPanel site={site} />
      <RetentionPanel site={site} />
      <EraseVisitorPanel site={site} onErased={() => setAudited((n) => n + 1)} />
      <AuditPanel site={site} version={audited} />
      <DeleteSitePanel site={site} />
    </div>
  );
}
