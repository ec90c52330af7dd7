import type { AuditEntry, AuditPage, Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { auditUrl, readAudit } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { useSession } from '../../auth/session-context.js';
import { formatCount, formatDateTime } from '../../i18n/format.js';
import { st } from '../../i18n/studio-catalogue.js';
import type { StudioKey } from '../../i18n/studio-en.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { TableHead } from '../../ui/table-head.js';

/** The site's audit log, newest first: who deleted what, when, and how many rows; older pages on demand. */
export function AuditPanel({ site, version }: { site: Site; version: number }) {
  const [reload, setReload] = useState(0);
  const first = useApi<AuditPage>(auditUrl(site.siteId), version + reload);
  const [older, setOlder] = useState<{ key: number; entries: AuditEntry[]; next: string | null }>();
  // Older pages belong to the first page they followed: a new first page starts over.
  const key = version + reload;
  const shown = older?.key === key ? older : undefined;
  const entries = [...(first.data?.entries ?? []), ...(shown?.entries ?? [])];
  const next = shown ? shown.next : (first.data?.nextCursor ?? null);
  const more = async () => {
    if (!next) return;
    const page = await readAudit(site.siteId, next);
    setOlder({ key, entries: [...(shown?.entries ?? []), ...page.entries], next: page.nextCursor });
  };
  return (
    <Panel title={st('audit.title')} id="audit">
      <p class="muted">{st('audit.body')}</p>
      {first.error ? (
        <ApiErrorState error={first.error} retry={() => setReload((r) => r + 1)} />
      ) : !first.data ? (
        <LoadingState rows={2} />
      ) : entries.length === 0 ? (
        <p class="muted">{st('audit.none')}</p>
      ) : (
        <table class="data-table" data-testid="audit-log">
          <TableHead
            columns={[st('audit.when'), st('audit.who'), st('audit.what'), { label: st('audit.rows'), num: true }]}
          />
          <tbody>
            {entries.map((e) => (
              <AuditRow key={e.id} entry={e} tz={site.timeZone} />
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" class="button" onClick={() => void more()}>
          {st('audit.more')}
        </button>
      )}
    </Panel>
  );
}

function AuditRow({ entry, tz }: { entry: AuditEntry; tz: string }) {
  const { user } = useSession();
  const who =
    entry.actor.kind !== 'user'
      ? st(`audit.actor.${entry.actor.kind}` as StudioKey)
      : entry.actor.userId === user.userId
        ? st('audit.actor.you')
        : st('audit.actor.user', { id: entry.actor.userId ?? '' });
  // A visitor's or session's reference is a long hash: its first characters tell entries apart.
  const ref =
    entry.target.kind === 'visitor' || entry.target.kind === 'session'
      ? (entry.target.ref ?? '').slice(0, 8)
      : (entry.target.ref ?? '');
  return (
    <tr data-action={entry.action}>
      <td>{formatDateTime(entry.at, tz)}</td>
      <td>{who}</td>
      <td
        title={Object.entries(entry.rows)
          .map(([t, n]) => `${t}: ${n}`)
          .join(', ')}
      >
        {st(`audit.action.${entry.action}` as StudioKey, { ref })}
      </td>
      <td class="num">{formatCount(entry.totalRows)}</td>
    </tr>
  );
}
