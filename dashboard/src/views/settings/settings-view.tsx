import { useSession } from '../../auth/session-context.js';
import { st } from '../../i18n/studio-catalogue.js';
import { appHref } from '../../router/location.js';
import { EmptyState } from '../../ui/states.js';
import { DeleteSitePanel } from './delete-site-panel.js';
import { InstallPanel } from './install-panel.js';
import { KeysPanel } from './keys-panel.js';
import { OriginsPanel } from './origins-panel.js';
import { PromptDefaultsPanel } from './prompt-defaults-panel.js';
import { SharesPanel } from './shares-panel.js';
import { SiteForm } from './site-form.js';

/** The site's settings, for owners: name and zone, allowed origins, install, keys, shared links, deletion. */
export function View() {
  const session = useSession();
  if (!session.canChange) {
    return (
      <EmptyState title={st('settings.ownersOnly.title')}>
        <p>{st('settings.ownersOnly.body')}</p>
      </EmptyState>
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
      <SharesPanel site={site} />
      <DeleteSitePanel site={site} />
    </div>
  );
}
