import type { Prompt } from '@loupe/shared';
import { promptUrl } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { useSession } from '../../auth/session-context.js';
import { st } from '../../i18n/studio-catalogue.js';
import { useLocation } from '../../router/location.js';
import { ApiErrorState, EmptyState, LoadingState } from '../../ui/states.js';
import { newDraft, fromPrompt } from './prompt-draft.js';
import { PromptForm } from './prompt-form.js';

/** Creating (`/app/prompt?site=…`) or editing (`&prompt=<id>`) a prompt, for owners. */
export function View() {
  const { site, canChange } = useSession();
  const promptId = useLocation().query.get('prompt');
  const stored = useApi<Prompt>(promptId ? promptUrl(site.siteId, promptId) : null);
  if (!canChange) {
    return (
      <EmptyState title={st('settings.ownersOnly.title')}>
        <p>{st('prompts.ownersOnly')}</p>
      </EmptyState>
    );
  }
  if (promptId) {
    if (stored.error) return <ApiErrorState error={stored.error} />;
    if (!stored.data || !stored.fresh) return <LoadingState rows={4} />;
    if (stored.data.status === 'archived') {
      return (
        <EmptyState title={st('prompts.archived.title')}>
          <p>{st('prompts.archived.body')}</p>
        </EmptyState>
      );
    }
    return <PromptForm key={promptId} siteId={site.siteId} promptId={promptId} initial={fromPrompt(stored.data)} />;
  }
  return <PromptForm key="new" siteId={site.siteId} initial={newDraft()} />;
}
