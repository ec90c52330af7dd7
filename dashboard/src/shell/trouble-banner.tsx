import { useEffect, useState } from 'preact/hooks';
import { API_OK, API_TROUBLE } from '../api/api-client.js';
import { t } from '../i18n/catalogue.js';

/**
 * Says so when the server cannot be reached or fails, even while the last figures stay on screen
 * (they may be out of date); "Try again" reloads the view. It goes away at the next good answer.
 */
export function TroubleBanner({ onRetry }: { onRetry: () => void }) {
  const [trouble, setTrouble] = useState(false);
  useEffect(() => {
    const bad = () => setTrouble(true);
    const good = () => setTrouble(false);
    window.addEventListener(API_TROUBLE, bad);
    window.addEventListener(API_OK, good);
    return () => {
      window.removeEventListener(API_TROUBLE, bad);
      window.removeEventListener(API_OK, good);
    };
  }, []);
  if (!trouble) return null;
  return (
    <div class="banner" role="alert">
      <span>{t('app.trouble')}</span>
      <button
        type="button"
        class="button"
        onClick={() => {
          setTrouble(false);
          onRetry();
        }}
      >
        {t('app.retry')}
      </button>
    </div>
  );
}
