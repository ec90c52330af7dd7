import type { Site, WebhookEventType } from '@loupe/shared';
import { ERROR_CODES } from '@loupe/shared/errors';
import { useState } from 'preact/hooks';
import {
  createWebhook,
  deleteWebhook,
  deliveriesUrl,
  patchWebhook,
  replayDelivery,
  rotateWebhook,
  testWebhook,
  type Webhook,
  type WebhookDeliveriesPage,
  type WebhookDelivery,
  webhooksUrl,
} from '../../api/studio-api.js';
import { ApiError } from '../../api/api-error.js';
import { useApi } from '../../api/use-api.js';
import { formatDateTime } from '../../i18n/format.js';
import { st } from '../../i18n/studio-catalogue.js';
import type { StudioKey } from '../../i18n/studio-en.js';
import { Dialog } from '../../ui/dialog.js';
import { describedBy, Field, fieldErrors, FormError } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { Snippet } from '../../ui/snippet.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { TableHead } from '../../ui/table-head.js';
import { TableWrap } from '../../ui/table-wrap.js';

// The shared list (webhooks.ts) is not imported as a value: that would bring zod into the bundle.
const EVENTS = ['response.created', 'response.updated', 'error.new'] as const satisfies readonly WebhookEventType[];

/** A secret shown once: just made, or rotated (then the old one signs for 24 hours too). */
type Shown = { secret: string; rotated: boolean };

/**
 * The site's webhook endpoints: listed with their state and last delivery; owners add one (its
 * signing secret shown once), pause or resume it, rotate its secret, send a test, read its delivery
 * log and replay a delivery, delete it. Viewers read the list only. Every stored string is text.
 */
export function WebhooksPanel({ site, readOnly = false }: { site: Site; readOnly?: boolean }) {
  const [version, setVersion] = useState(0);
  const list = useApi<{ webhooks: Webhook[] }>(webhooksUrl(site.siteId), version);
  const [shown, setShown] = useState<Shown>();
  const bump = () => setVersion((v) => v + 1);
  return (
    <Panel title={st('webhooks.title')} id="webhooks">
      <p class="muted">{st('webhooks.body')}</p>
      {list.error ? (
        <ApiErrorState error={list.error} retry={bump} />
      ) : !list.data ? (
        <LoadingState rows={1} />
      ) : list.data.webhooks.length === 0 ? (
        <p class="muted">{st('webhooks.none')}</p>
      ) : (
        <ul class="webhook-list" data-testid="webhook-list">
          {list.data.webhooks.map((w) => (
            <WebhookItem
              key={w.id}
              site={site}
              webhook={w}
              readOnly={readOnly}
              version={version}
              changed={bump}
              onSecret={setShown}
            />
          ))}
        </ul>
      )}
      {!readOnly && (
        <AddWebhookForm
          site={site}
          onCreated={(secret) => {
            setShown({ secret, rotated: false });
            bump();
          }}
        />
      )}
      {shown && (
        <Dialog
          title={st(shown.rotated ? 'webhooks.secret.rotated' : 'webhooks.secret.new')}
          onClose={() => setShown(undefined)}
        >
          <p>{st('webhooks.secret.once')}</p>
          {shown.rotated && <p>{st('webhooks.secret.both')}</p>}
          <div data-testid="webhook-secret">
            <Snippet label={st('webhooks.secret.label')} code={shown.secret} />
          </div>
          <div class="form-actions">
            <button type="button" class="button primary" onClick={() => setShown(undefined)}>
              {st('common.done')}
            </button>
          </div>
        </Dialog>
      )}
    </Panel>
  );
}

function AddWebhookForm({ site, onCreated }: { site: Site; onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<'standard' | 'slack'>('standard');
  const [events, setEvents] = useState<WebhookEventType[]>(['response.created']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const add = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const made = await createWebhook(site.siteId, { url: url.trim(), kind, events });
      setUrl('');
      setErrors({});
      onCreated(made.secret);
    } catch (err) {
      // A refused address (the SSRF guard) concerns the URL, though the problem names no field.
      if (err instanceof ApiError && err.code === ERROR_CODES.WEBHOOK_URL_REFUSED) setErrors({ url: err.message });
      else setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (ev: WebhookEventType, on: boolean) =>
    setEvents((old) => (on ? EVENTS.filter((x) => x === ev || old.includes(x)) : old.filter((x) => x !== ev)));
  return (
    <form class="webhook-form" onSubmit={add} noValidate>
      <h3>{st('webhooks.add')}</h3>
      <Field id="webhook-url" label={st('webhooks.url')} hint={st('webhooks.url.hint')} error={errors.url}>
        <input
          {...describedBy('webhook-url', { hint: true, error: errors.url })}
          type="url"
          inputMode="url"
          placeholder="https://hooks.example.com/loupe"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </Field>
      <Field id="webhook-kind" label={st('webhooks.kind')} error={errors.kind}>
        <select
          {...describedBy('webhook-kind', { error: errors.kind })}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as 'standard' | 'slack')}
        >
          <option value="standard">{st('webhooks.kind.standard')}</option>
          <option value="slack">{st('webhooks.kind.slack')}</option>
        </select>
      </Field>
      <fieldset class="webhook-events" aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
        <legend>{st('webhooks.events')}</legend>
        {EVENTS.map((ev) => (
          <label class="check" key={ev}>
            <input
              type="checkbox"
              checked={events.includes(ev)}
              onChange={(e) => toggle(ev, e.currentTarget.checked)}
            />
            <code>{ev}</code>
          </label>
        ))}
        {errors.events && (
          <p class="field-error" id="webhook-events-error" role="alert">
            {errors.events}
          </p>
        )}
      </fieldset>
      <div class="form-actions">
        <button class="button primary" type="submit" disabled={busy}>
          {st('webhooks.addButton')}
        </button>
      </div>
      <FormError error={errors['']} />
    </form>
  );
}

function stateText(w: Webhook): string {
  if (w.enabled) return st(w.failingSince ? 'webhooks.state.failing' : 'webhooks.state.enabled');
  return st(`webhooks.state.disabled.${w.disabledReason ?? 'manual'}` as StudioKey);
}

function WebhookItem({
  site,
  webhook: w,
  readOnly,
  version,
  changed,
  onSecret,
}: {
  site: Site;
  webhook: Webhook;
  readOnly: boolean;
  version: number;
  changed: () => void;
  onSecret: (s: Shown) => void;
}) {
  const [logOpen, setLogOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const last = useApi<WebhookDeliveriesPage>(deliveriesUrl(site.siteId, w.id, 1), version);
  // Runs a change; its answer (a string) is announced beside the buttons.
  const run = async (what: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      const done = await what();
      setError(undefined);
      setNote(done);
      changed();
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
      setNote(undefined);
    } finally {
      setBusy(false);
    }
  };
  const lastDelivery = last.data?.deliveries[0];
  const tz = site.timeZone;
  return (
    <li class="webhook" data-webhook={w.id} data-enabled={String(w.enabled)}>
      <p class="webhook-url">
        <code>{w.url}</code>
      </p>
      <dl class="webhook-facts">
        <dt>{st('webhooks.kind')}</dt>
        <dd>{st(`webhooks.kind.${w.kind}` as StudioKey)}</dd>
        <dt>{st('webhooks.events')}</dt>
        <dd>{w.events.join(', ')}</dd>
        <dt>{st('webhooks.state')}</dt>
        <dd>
          <span
            class={`status-badge ${w.enabled ? (w.failingSince ? 'paused' : 'active') : 'paused'}`}
            data-testid="webhook-state"
          >
            {stateText(w)}
          </span>
          {!w.enabled && w.disabledAt && <span class="muted"> {formatDateTime(w.disabledAt, tz)}</span>}
          {w.pendingDeliveries > 0 && (
            <span class="muted"> {st('webhooks.pending', { n: String(w.pendingDeliveries) })}</span>
          )}
        </dd>
        <dt>{st('webhooks.last')}</dt>
        <dd data-testid="webhook-last">
          {lastDelivery ? (
            <>
              {deliveryStatus(lastDelivery)} <span class="muted">{formatDateTime(lastDelivery.createdAt, tz)}</span>
            </>
          ) : last.data ? (
            st('webhooks.last.none')
          ) : (
            '…'
          )}
        </dd>
        {w.previousSecretExpiresAt && (
          <>
            <dt>{st('webhooks.secret.label')}</dt>
            <dd>{st('webhooks.secret.until', { at: formatDateTime(w.previousSecretExpiresAt, tz) })}</dd>
          </>
        )}
      </dl>
      <div class="row-actions webhook-actions">
        <button
          type="button"
          class="button small"
          aria-expanded={logOpen}
          aria-controls={`webhook-log-${w.id}`}
          onClick={() => setLogOpen((o) => !o)}
        >
          {st(logOpen ? 'webhooks.log.hide' : 'webhooks.log.show')}
        </button>
        {!readOnly && (
          <>
            <button
              type="button"
              class="button small"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const d = await testWebhook(site.siteId, w.id);
                  setLogOpen(true);
                  return st('webhooks.tested', { status: deliveryStatus(d) });
                })
              }
            >
              {st('webhooks.test')}
            </button>
            <button
              type="button"
              class="button small"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await patchWebhook(site.siteId, w.id, { enabled: !w.enabled });
                  return st(w.enabled ? 'webhooks.disabled' : 'webhooks.enabled');
                })
              }
            >
              {st(w.enabled ? 'webhooks.disable' : 'webhooks.enable')}
            </button>
            <button
              type="button"
              class="button small"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const r = await rotateWebhook(site.siteId, w.id);
                  onSecret({ secret: r.secret, rotated: true });
                  return undefined;
                })
              }
            >
              {st('webhooks.rotate')}
            </button>
            <button type="button" class="button small danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
              {st('common.delete')}
            </button>
          </>
        )}
      </div>
      {note && (
        <p class="saved" role="status" data-testid="webhook-note">
          {note}
        </p>
      )}
      <FormError error={error} />
      {logOpen && <DeliveryLog site={site} webhook={w} readOnly={readOnly} version={version} changed={changed} />}
      {confirmDelete && (
        <Dialog title={st('webhooks.delete.title')} onClose={() => setConfirmDelete(false)}>
          <p>{st('webhooks.delete.body')}</p>
          <p>
            <code>{w.url}</code>
          </p>
          <div class="form-actions">
            <button type="button" class="button" onClick={() => setConfirmDelete(false)}>
              {st('common.cancel')}
            </button>
            <button
              type="button"
              class="button danger"
              onClick={() => {
                setConfirmDelete(false);
                void run(async () => {
                  await deleteWebhook(site.siteId, w.id);
                  return undefined;
                });
              }}
            >
              {st('common.delete')}
            </button>
          </div>
        </Dialog>
      )}
    </li>
  );
}

/** "Delivered (200)", "Failed (no answer)", "Pending": the delivery's status and its last answer. */
function deliveryStatus(d: WebhookDelivery): string {
  const lastAttempt = d.log[d.log.length - 1];
  const code = lastAttempt
    ? lastAttempt.statusCode === null
      ? st('webhooks.noAnswer')
      : String(lastAttempt.statusCode)
    : undefined;
  const status = st(`webhooks.status.${d.status}` as StudioKey);
  return code === undefined ? status : `${status} (${code})`;
}

function DeliveryLog({
  site,
  webhook: w,
  readOnly,
  version,
  changed,
}: {
  site: Site;
  webhook: Webhook;
  readOnly: boolean;
  version: number;
  changed: () => void;
}) {
  const [reload, setReload] = useState(0);
  const page = useApi<WebhookDeliveriesPage>(deliveriesUrl(site.siteId, w.id), version + reload);
  const [error, setError] = useState<string>();
  const replay = async (d: WebhookDelivery) => {
    try {
      await replayDelivery(site.siteId, w.id, d.id);
      setError(undefined);
      changed();
      setReload((r) => r + 1);
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
    }
  };
  // One row per attempt (a delivery not tried yet: one row), newest delivery first.
  type Attempt = WebhookDelivery['log'][number];
  const rows = (page.data?.deliveries ?? []).flatMap((d): { d: WebhookDelivery; a?: Attempt; i: number }[] =>
    d.log.length === 0 ? [{ d, i: 0 }] : d.log.map((a, i) => ({ d, a, i })),
  );
  return (
    <div class="webhook-log" id={`webhook-log-${w.id}`} data-testid="webhook-log">
      <h3 class="visually-hidden">{st('webhooks.log.title')}</h3>
      {page.error ? (
        <ApiErrorState error={page.error} retry={() => setReload((r) => r + 1)} />
      ) : !page.data ? (
        <LoadingState rows={1} />
      ) : rows.length === 0 ? (
        <p class="muted">{st('webhooks.log.none')}</p>
      ) : (
        <TableWrap label={st('webhooks.log.title')}>
          <table class="data-table webhook-log-table">
            <TableHead
              columns={[
                st('webhooks.log.when'),
                st('webhooks.log.event'),
                st('webhooks.log.status'),
                { label: st('webhooks.log.attempt'), num: true },
                { label: st('webhooks.log.duration'), num: true },
                st('webhooks.log.response'),
              ]}
              actions={!readOnly}
            />
            <tbody>
              {rows.map(({ d, a, i }) => (
                <tr key={`${d.id}-${i}`} data-delivery={d.id} data-status={d.status}>
                  <td>{formatDateTime(a?.at ?? d.createdAt, site.timeZone)}</td>
                  <td>
                    <code>{d.eventType}</code>
                  </td>
                  <td>
                    {a
                      ? a.statusCode === null
                        ? st('webhooks.noAnswer')
                        : String(a.statusCode)
                      : st(`webhooks.status.${d.status}` as StudioKey)}
                  </td>
                  <td class="num">{a ? String(a.attempt) : '–'}</td>
                  <td class="num">{a ? st('webhooks.log.ms', { n: String(a.durationMs) }) : '–'}</td>
                  <td class="webhook-excerpt">
                    {a?.error && <span class="muted">{a.error} </span>}
                    {a?.responseExcerpt && <code data-testid="response-excerpt">{a.responseExcerpt}</code>}
                  </td>
                  {!readOnly && (
                    <td class="num">
                      {i === d.log.length - 1 || d.log.length === 0 ? (
                        <button
                          type="button"
                          class="button small"
                          onClick={() => void replay(d)}
                          aria-label={st('webhooks.replayNamed', { event: d.eventType, id: d.messageId })}
                        >
                          {st('webhooks.replay')}
                        </button>
                      ) : null}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <FormError error={error} />
    </div>
  );
}
