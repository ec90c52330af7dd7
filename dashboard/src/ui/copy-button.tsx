import { useState } from 'preact/hooks';
import { t } from '../i18n/catalogue.js';

export function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 2000);
    } catch {
      // No clipboard permission (http:// on another host): the text is selectable beside the button.
    }
  };
  return (
    <button type="button" class="button" onClick={copy} aria-live="polite">
      {done ? t('install.copied') : t('install.copy')}
    </button>
  );
}
