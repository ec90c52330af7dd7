import type { TaskFigures } from '@loupe/shared';
import { t, tn } from '../../i18n/catalogue.js';
import { formatCount, formatPercent, formatScore } from '../../i18n/format.js';
import { TableWrap } from '../../ui/table-wrap.js';

const KINDS = ['nps', 'csat', 'ces'] as const;

/** A score as its kind reads: NPS a signed number, CSAT a share, CES a mean on 1–7. */
const scoreText = (kind: (typeof KINDS)[number], v: number | null) =>
  kind === 'csat' ? formatPercent(v) : formatScore(v, kind === 'ces' ? 2 : 1);

/** The answers given in the session after the task succeeded, against after it failed, per kind. */
export function ScoreAfter({ task }: { task: TaskFigures }) {
  const kinds = KINDS.filter((k) => task.scoreAfter.success[k].responses + task.scoreAfter.fail[k].responses > 0);
  if (kinds.length === 0) return <p class="muted">{t('tasks.afterEmpty')}</p>;
  return (
    <TableWrap label={t('tasks.after')}>
      <table class="data-table">
        <caption class="visually-hidden">{t('tasks.after')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tasks.kind')}</th>
            <th scope="col" class="num">
              {t('tasks.afterSuccess')}
            </th>
            <th scope="col" class="num">
              {t('tasks.afterFail')}
            </th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((k) => (
            <tr key={k} data-kind={k}>
              <th scope="row">{k.toUpperCase()}</th>
              {(['success', 'fail'] as const).map((o) => {
                const s = task.scoreAfter[o][k];
                return (
                  <td
                    key={o}
                    class="num"
                    data-metric={`${o}.${k}`}
                    data-value={s.score === null ? 'null' : String(s.score)}
                  >
                    {scoreText(k, s.score)}{' '}
                    <span class="muted">{tn('tasks.answers', s.responses, { n: formatCount(s.responses) })}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
