import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/catalogue.js';
import { ErrorState, LoadingState } from '../ui/states.js';
import type { ViewEntry } from './views.js';

const loaded = new Map<string, FunctionComponent>();

/**
 * Downloads a view's chunk ahead of its first render; once it has arrived the view renders in
 * the same pass as the shell, not one render later.
 */
export function preloadView(view: ViewEntry): void {
  view.load().then(
    (m) => loaded.set(view.route, m.View),
    () => undefined,
  );
}

/** Renders a view once its chunk has arrived; a failed download offers a reload. */
export function LazyView({ view }: { view: ViewEntry }) {
  const [View, setView] = useState<FunctionComponent | undefined>(() => loaded.get(view.route));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const known = loaded.get(view.route);
    setView(() => known);
    setFailed(false);
    if (known) return;
    let live = true;
    view.load().then(
      (m) => {
        loaded.set(view.route, m.View);
        if (live) setView(() => m.View);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [view]);
  if (failed)
    return (
      <ErrorState message={t('app.error.chunk')} action={{ label: t('app.reload'), run: () => location.reload() }} />
    );
  if (!View) return <LoadingState />;
  return <View />;
}
