import type { ResponseItem } from '@loupe/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, tn } from '../../i18n/catalogue.js';
import { formatDateTime } from '../../i18n/format.js';
import { Link } from '../../router/link.js';
import { appHref } from '../../router/location.js';
import { filterValueLabel } from '../../shell/filter-label.js';

export interface RowActions {
  canChange: boolean;
  /** Resolve (with the note), reopen, or save the note alone; resolves when saved. */
  save(item: ResponseItem, change: { status?: 'open' | 'resolved'; note?: string | null }): Promise<void>;
}

interface Props extends RowActions {
  item: ResponseItem;
  selected: boolean;
  editing: boolean;
  tz: string;
  siteQuery: URLSearchParams;
  onSelect(): void;
  onEdit(open: boolean): void;
}

/** Friction the session met before answering, each a link to where it happened. */
function FrictionChips({ item, siteQuery }: { item: ResponseItem; siteQuery: URLSearchParams }) {
  const f = item.friction;
  const at = (route: string, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams(siteQuery);
    q.set('path', item.path);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return appHref(route, q);
  };
  const chips = [
    f.rageClicks > 0 && {
      key: 'rage',
      text: `${f.rageClicks} ${t('friction.rage').toLowerCase()}`,
      href: at('clicks', { kind: 'rage' }),
    },
    f.deadClicks > 0 && {
      key: 'dead',
      text: `${f.deadClicks} ${t('friction.dead').toLowerCase()}`,
      href: at('clicks', { kind: 'dead' }),
    },
    f.errorClicks > 0 && {
      key: 'errorClick',
      text: `${f.errorClicks} ${t('friction.errorClick').toLowerCase()}`,
      href: at('clicks', { kind: 'error' }),
    },
    f.jsErrors > 0 && { key: 'jsError', text: `${f.jsErrors} ${t('friction.jsError')}`, href: at('errors') },
  ].filter(Boolean) as { key: string; text: string; href: string }[];
  return (
    <ul class="friction-chips">
      <li class="fchip neutral">{tn('friction.pagesSeen', f.pagesSeen)}</li>
      {chips.map((c) => (
        <li key={c.key}>
          <Link class={`fchip ${c.key}`} href={c.href}>
            {c.text}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ResponseRow(p: Props) {
  const { item } = p;
  const ref = useRef<HTMLElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (p.selected && ref.current && !ref.current.contains(document.activeElement)) ref.current.focus();
  }, [p.selected]);
  useEffect(() => {
    if (p.editing) noteRef.current?.focus();
  }, [p.editing]);

  const run = async (change: { status?: 'open' | 'resolved'; note?: string | null }) => {
    setBusy(true);
    try {
      await p.save(item, change);
    } finally {
      setBusy(false);
    }
  };
  const note = () => noteRef.current?.value.trim() || null;
  const pathHref = (() => {
    const q = new URLSearchParams(p.siteQuery);
    q.set('path', item.path);
    return appHref('pages', q);
  })();

  return (
    <article
      ref={ref}
      class={`response ${item.segment}${p.selected ? ' selected' : ''}`}
      tabIndex={p.selected ? 0 : -1}
      aria-labelledby={`r-${item.id}-head`}
      data-response-id={item.id}
      data-status={item.status}
      // A click focuses the row (tabIndex), so focus alone selects it, by mouse or by keyboard.
      onFocus={(e) => e.target === e.currentTarget && !p.selected && p.onSelect()}
    >
      <div class="response-score">
        <span class={`score-chip ${item.segment}`}>{item.score}</span>
        <span class="kind">{item.kind.toUpperCase()}</span>
      </div>
      <div class="response-body">
        <p id={`r-${item.id}-head`} class={`comment${item.comment ? '' : ' muted'}`}>
          {item.comment ?? t('responses.noComment')}
        </p>
        <p class="meta">
          {item.channel === 'web' ? (
            <Link href={pathHref} class="path">
              {item.path}
            </Link>
          ) : (
            <span class="channel" data-channel={item.channel}>
              {t(`responses.channel.${item.channel}`)}
            </span>
          )}
          {item.touchpoint !== null && <span class="touchpoint">{item.touchpoint}</span>}
          {item.customerId !== null && <span class="customer">{t('responses.customer', { id: item.customerId })}</span>}
          <span>{filterValueLabel('device', item.device)}</span>
          <span>{item.browser}</span>
          <span>{item.language}</span>
          <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, p.tz)}</time>
        </p>
        {item.linkFlag !== null && (
          <p class="link-flag">{t('responses.linkFlag', { why: t(`responses.linkFlag.${item.linkFlag}`) })}</p>
        )}
        {item.traits !== null && (
          <ul class="traits" aria-label={t('responses.traits')}>
            {Object.entries(item.traits).map(([k, v]) => (
              <li key={k}>
                {k}: {String(v)}
              </li>
            ))}
          </ul>
        )}
        {/* A link's answer was given on the hosted page: the site's friction is not its story. */}
        {item.channel === 'web' && <FrictionChips item={item} siteQuery={p.siteQuery} />}
        {item.note && !p.editing && <p class="note">{item.note}</p>}
        {item.status === 'resolved' && item.resolvedAt && (
          <p class="resolved-at">{t('responses.resolvedAt', { date: formatDateTime(item.resolvedAt, p.tz) })}</p>
        )}
        {p.editing && p.canChange && (
          <form
            class="note-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run({ status: 'resolved', note: note() }).then(() => p.onEdit(false));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                p.onEdit(false);
                ref.current?.focus();
              } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void run({ status: 'resolved', note: note() }).then(() => p.onEdit(false));
              }
            }}
          >
            <label for={`note-${item.id}`}>{t('responses.note')}</label>
            <textarea id={`note-${item.id}`} ref={noteRef} maxLength={2000} rows={3} defaultValue={item.note ?? ''} />
            <div class="row-actions">
              {item.status === 'open' && (
                <button type="submit" class="button primary" disabled={busy}>
                  {t('responses.resolveWithNote')}
                </button>
              )}
              <button
                type="button"
                class="button"
                disabled={busy}
                onClick={() => void run({ note: note() }).then(() => p.onEdit(false))}
              >
                {t('responses.saveNote')}
              </button>
              <button type="button" class="button" onClick={() => p.onEdit(false)}>
                {t('responses.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
      {p.canChange && !p.editing && (
        <div class="response-actions">
          {item.status === 'open' ? (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => p.onEdit(true)}
              aria-describedby={`r-${item.id}-head`}
            >
              {t('responses.resolve')}
            </button>
          ) : (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void run({ status: 'open' })}
              aria-describedby={`r-${item.id}-head`}
            >
              {t('responses.reopen')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
