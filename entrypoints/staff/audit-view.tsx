import { useEffect, useState } from 'preact/hooks';
import type { AuditCheck, AuditEntry } from '../../shared/staff/audit-log.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { t } from './staff-i18n.js';

/** The scheme's audit log on this device, with the result of checking its hash chain. */
export function AuditView({ workspace }: { workspace: StaffWorkspace }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [check, setCheck] = useState<AuditCheck | null>(null);

  useEffect(() => {
    void (async () => {
      setEntries(await workspace.audit.list());
      setCheck(await workspace.audit.verify());
    })();
  }, [workspace]);

  return (
    <section class="audit" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p class="hint">{t('audit.hint')}</p>
      {check && (
        <p class={check.ok ? 'ok' : 'error'} data-testid="audit-check">
          {check.ok
            ? t('audit.intact', { count: check.entries })
            : t('audit.broken', { seq: check.brokenAt })}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('audit.when')}</th>
            <th>{t('audit.who')}</th>
            <th>{t('audit.what')}</th>
            <th>{t('audit.subject')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="audit-entry">
              <td>{new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
              <td>{e.staff === workspace.session.staff ? t('audit.you') : e.staff.slice(0, 6)}</td>
              <td>{t(`audit.action.${e.action}`)}</td>
              <td>
                <code>{e.subject.slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
