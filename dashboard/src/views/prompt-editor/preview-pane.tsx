import { useEffect, useRef, useState } from 'preact/hooks';
import { st } from '../../i18n/studio-catalogue.js';
import { Choice } from '../../ui/tabs.js';
import { dirOf } from './texts-section.js';
import { traitsOfText } from './why-traits.js';

/** The page that renders the real prompt chunk in preview mode (sends nothing); same origin. */
export const PREVIEW_PATH = '/preview/prompt.html';
const READY_TIMEOUT_MS = 4000;

type Theme = 'light' | 'dark';
type Device = 'desktop' | 'mobile';

interface Props {
  definition: Record<string, unknown>;
  /** The site's appearance (prompt settings), under the prompt's own; absent where the server keeps none. */
  siteAppearance?: unknown;
  languages: string[];
  language: string;
  setLanguage: (l: string) => void;
}

/** Messages from the preview frame only: same origin, from that frame's window. */
function fromFrame(
  frame: HTMLIFrameElement | null,
  e: MessageEvent,
): { type?: string; reasons?: unknown; eligible?: unknown; message?: unknown } | undefined {
  if (!frame || e.origin !== location.origin || e.source !== frame.contentWindow) return undefined;
  return typeof e.data === 'object' && e.data !== null ? (e.data as { type?: string }) : undefined;
}

/**
 * The live preview: the definition as typed, in a language, theme, direction and device, posted
 * to the preview page whenever it changes; and "why isn't it showing?" for a URL and device,
 * answered by the same page with the gates the widget would report.
 */
export function PreviewPane({ definition, siteAppearance, languages, language, setLanguage }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [theme, setTheme] = useState<Theme>('light');
  const [device, setDevice] = useState<Device>('desktop');
  const [rtl, setRtl] = useState<'auto' | 'rtl'>('auto');
  const [state, setState] = useState<'loading' | 'ready' | 'unavailable'>('loading');
  const [loaded, setLoaded] = useState(false);
  /** Why the page could not render the definition as it stands (it keeps the last one that worked). */
  const [renderError, setRenderError] = useState<string>();
  const dir = rtl === 'rtl' ? 'rtl' : dirOf(language);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const data = fromFrame(frame.current, e);
      if (data?.type === 'loupe:preview-ready') {
        setState('ready');
        setRenderError(undefined);
      }
      if (data?.type === 'loupe:preview-error') setRenderError(String(data.message ?? ''));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  // Post the definition as it is typed (coalesced to one message per animation frame or so).
  const payload = JSON.stringify({ definition, siteAppearance, language, theme, dir, device });
  useEffect(() => {
    if (!loaded) return;
    const timer = setTimeout(() => {
      frame.current?.contentWindow?.postMessage(
        {
          type: 'loupe:preview',
          prompt: definition,
          ...(siteAppearance ? { siteAppearance } : {}),
          language,
          theme,
          dir,
          device,
        },
        location.origin,
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [payload, loaded]);

  useEffect(() => {
    if (!loaded || state === 'ready') return;
    const timer = setTimeout(() => setState((s) => (s === 'ready' ? s : 'unavailable')), READY_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [loaded, state]);

  return (
    <section class="preview panel" aria-labelledby="preview-title">
      <div class="panel-head">
        <h2 id="preview-title">{st('preview.title')}</h2>
      </div>
      <div class="preview-controls">
        <label class="inline-select">
          {st('preview.language')}{' '}
          <select class="preview-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <Choice
          label={st('preview.theme')}
          value={theme}
          onChange={setTheme}
          options={[
            { value: 'light', label: st('appearance.theme.light') },
            { value: 'dark', label: st('appearance.theme.dark') },
          ]}
        />
        <Choice
          label={st('preview.device')}
          value={device}
          onChange={setDevice}
          options={[
            { value: 'desktop', label: st('device.desktop') },
            { value: 'mobile', label: st('device.mobile') },
          ]}
        />
        <Choice
          label={st('preview.direction')}
          value={rtl}
          onChange={setRtl}
          options={[
            { value: 'auto', label: st('preview.dirAuto') },
            { value: 'rtl', label: st('preview.rtl') },
          ]}
        />
      </div>
      <div class={`preview-stage ${device}`} data-state={state}>
        <iframe
          ref={frame}
          src={PREVIEW_PATH}
          title={st('preview.frameTitle')}
          sandbox="allow-scripts allow-same-origin"
          onLoad={() => setLoaded(true)}
        />
      </div>
      {renderError && (
        <p class="warning-note" role="status">
          {st('preview.error', { message: renderError })}
        </p>
      )}
      {state === 'unavailable' && (
        <p class="warning-note" role="status">
          {st('preview.unavailable')}
        </p>
      )}
      <WhyPanel frame={frame} ready={state === 'ready'} language={language} />
    </section>
  );
}

/** A reason from the preview page, as text whatever its shape (a string, a gate tuple, an object). */
function reasonText(r: unknown): string {
  if (typeof r === 'string') return r;
  if (Array.isArray(r)) return r.map(reasonText).join(' ');
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if (typeof o.message === 'string') return o.message;
    if (typeof o.reason === 'string') return o.reason;
    return JSON.stringify(r);
  }
  return String(r);
}

function WhyPanel({
  frame,
  ready,
  language,
}: {
  frame: { current: HTMLIFrameElement | null };
  ready: boolean;
  language: string;
}) {
  const [url, setUrl] = useState('');
  const [device, setDevice] = useState<Device | 'tablet'>('desktop');
  const [traits, setTraits] = useState('');
  const [answer, setAnswer] = useState<{ eligible: boolean; reasons: string[] } | 'waiting' | 'unavailable'>();
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const data = fromFrame(frame.current, e);
      if (data?.type !== 'loupe:why-result') return;
      const reasons = Array.isArray(data.reasons) ? data.reasons.map(reasonText) : [];
      setAnswer({ eligible: typeof data.eligible === 'boolean' ? data.eligible : reasons.length === 0, reasons });
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  const ask = (e: Event) => {
    e.preventDefault();
    if (!ready) return setAnswer('unavailable');
    setAnswer('waiting');
    const identified = traitsOfText(traits);
    frame.current?.contentWindow?.postMessage(
      { type: 'loupe:why', url, device, language, ...(identified ? { traits: identified } : {}) },
      location.origin,
    );
    setTimeout(() => setAnswer((a) => (a === 'waiting' ? 'unavailable' : a)), READY_TIMEOUT_MS);
  };
  return (
    <form class="why" onSubmit={ask} aria-labelledby="why-title">
      <h3 id="why-title">{st('why.title')}</h3>
      <p class="field-hint">{st('why.hint')}</p>
      <div class="inline-form">
        <label class="field">
          {st('why.url')}
          <input
            type="url"
            value={url}
            placeholder="https://shop.example/checkout"
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <label class="field narrow">
          {st('why.device')}
          <select value={device} onChange={(e) => setDevice(e.currentTarget.value as Device)}>
            {(['desktop', 'tablet', 'mobile'] as const).map((d) => (
              <option key={d} value={d}>
                {st(`device.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field why-traits">
          {st('why.traits')}
          <textarea
            rows={2}
            value={traits}
            placeholder="plan=pro"
            aria-describedby="why-traits-hint"
            onInput={(e) => setTraits(e.currentTarget.value)}
          />
          <span class="field-hint" id="why-traits-hint">
            {st('why.traits.hint')}
          </span>
        </label>
        <button class="button" type="submit">
          {st('why.ask')}
        </button>
      </div>
      <div role="status" class="why-result">
        {answer === 'waiting' && <p>{st('why.waiting')}</p>}
        {answer === 'unavailable' && <p>{st('preview.unavailable')}</p>}
        {typeof answer === 'object' && (
          <>
            {answer.eligible ? (
              <p class="good-note">{st('why.shows')}</p>
            ) : (
              <p class="why-blocked">{st('why.blocked')}</p>
            )}
            {answer.reasons.length > 0 && (
              <ul>
                {answer.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </form>
  );
}
