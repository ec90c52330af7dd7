import type { Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { rotateSecret } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { CopyButton } from '../../ui/copy-button.js';
import { Dialog } from '../../ui/dialog.js';
import { fieldErrors, FormError } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { ago, useLastEvent } from './last-event.js';

/** The public key (with when it was last used) and the secret key's rotation, shown once. */
export function KeysPanel({ site }: { site: Site }) {
  const at = useLastEvent(site);
  const [step, setStep] = useState<'idle' | 'confirm' | { secret: string }>('idle');
  const [error, setError] = useState<string>();
  const rotate = async () => {
    try {
      const rotated = await rotateSecret(site.siteId);
      setError(undefined);
      setStep({ secret: rotated.secretKey });
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
      setStep('idle');
    }
  };
  return (
    <Panel title={st('keys.title')} id="keys">
      <dl class="key-list">
        <dt>{st('keys.public')}</dt>
        <dd>
          <code data-testid="public-key">{site.publicKey}</code> <CopyButton text={site.publicKey} />
          <p class="muted">{at ? st('keys.publicUsed', { ago: ago(at) }) : st('keys.publicUnused')}</p>
        </dd>
        <dt>{st('keys.secret')}</dt>
        <dd>
          <p class="muted">{st('keys.secretBody')}</p>
          <button type="button" class="button" onClick={() => setStep('confirm')}>
            {st('keys.rotate')}
          </button>
          <FormError error={error} />
        </dd>
      </dl>
      {step === 'confirm' && (
        <Dialog title={st('keys.rotate.title')} onClose={() => setStep('idle')}>
          <p>{st('keys.rotate.body')}</p>
          <div class="form-actions">
            <button type="button" class="button" onClick={() => setStep('idle')}>
              {st('common.cancel')}
            </button>
            <button type="button" class="button danger" onClick={() => void rotate()}>
              {st('keys.rotate.confirm')}
            </button>
          </div>
        </Dialog>
      )}
      {typeof step === 'object' && (
        <Dialog title={st('keys.secret.new')} onClose={() => setStep('idle')}>
          <p>{st('keys.secret.once')}</p>
          <div class="snippet-row">
            <pre class="snippet">
              <code data-testid="new-secret">{step.secret}</code>
            </pre>
            <CopyButton text={step.secret} />
          </div>
          <div class="form-actions">
            <button type="button" class="button primary" onClick={() => setStep('idle')}>
              {st('common.done')}
            </button>
          </div>
        </Dialog>
      )}
    </Panel>
  );
}
