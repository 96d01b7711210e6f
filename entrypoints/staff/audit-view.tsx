import { useEffect, useState } from 'preact/hooks';
import type { AuditCheck, AuditEntry } from '../../shared/staff/audit-log.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { t } from './staff-i18n.js';

/**
 * The scheme's audit log, shared by its staff through the staff journal: every colleague's
 * actions, with the result of checking the chain and each entry's signature.
 */
export function AuditView({ workspace }: { workspace: StaffWorkspace }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [check, setCheck] = useState<AuditCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [canCarry, setCanCarry] = useState(false);

  async function load(fetch: boolean) {
    setBusy(true);
    if (fetch) await workspace.journal.sync();
    const verdict = await workspace.audit.verify();
    setEntries(await workspace.audit.list());
    setCheck(verdict);
    // Entries that do not open after a re-key: offer to carry the old log over, if we can.
    const sealedBefore = verdict.refused.some((r) => r.fault === 'does-not-open');
    setCanCarry(sealedBefore && (await workspace.rekey.canCarry()));
    setBusy(false);
  }

  useEffect(() => {
    void load(true);
  }, [workspace]);

  const who = (staff: string) =>
    staff === workspace.session.staff ? t('audit.you') : staff.slice(0, 6);

  return (
    <section class="audit" aria-labelledby="audit-title">
      <div class="toolbar">
        <h2 id="audit-title">{t('audit.title')}</h2>
        <button
          type="button"
          data-testid="audit-refresh"
          disabled={busy}
          onClick={() => void load(true)}
        >
          {t('audit.refresh')}
        </button>
      </div>
      <p class="hint">{t('audit.hint')}</p>
      {check && <ChainCheck check={check} />}
      {canCarry && <CarryOver workspace={workspace} onCarried={() => void load(true)} />}
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
          {entries.map((e, index) => (
            <tr key={e.pending ? `pending-${index}` : e.seq} data-testid="audit-entry">
              <td>
                {new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}
                {e.pending && ` (${t('audit.pending')})`}
              </td>
              <td data-testid="audit-who">{who(e.staff)}</td>
              <td>{t(`audit.action.${e.action}`)}</td>
              <td>
                <code>{e.subject.slice(0, 12)}</code>
                {e.detail && ` → ${t(`status.${e.detail}`)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The verdict on the chain: intact, broken at an entry, or entries refused. */
function ChainCheck({ check }: { check: AuditCheck }) {
  if (check.ok) {
    return (
      <p class="ok" data-testid="audit-check">
        {t('audit.intact', { count: check.entries })}
      </p>
    );
  }
  return (
    <div class="error" role="alert" data-testid="audit-check">
      {check.brokenAt !== null && <p>{t('audit.broken', { seq: check.brokenAt })}</p>}
      {check.refused.length > 0 && (
        <p>
          {t('audit.refused', {
            count: check.refused.length,
            entries: check.refused
              .map((r) => `${r.seq} (${t(`audit.fault.${r.fault}`)})`)
              .join(', '),
          })}
        </p>
      )}
    </div>
  );
}

/** After a re-key: the passphrase of before opens this device's old vault once. */
function CarryOver({ workspace, onCarried }: { workspace: StaffWorkspace; onCarried: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  async function carry(event: Event) {
    event.preventDefault();
    if (!passphrase || busy) return;
    setBusy(true);
    const outcome = await workspace.rekey.carry(passphrase).catch(() => 'failed' as const);
    setBusy(false);
    if (outcome === 'carried') {
      setPassphrase('');
      onCarried();
      return;
    }
    setProblem(t(outcome === 'wrong-passphrase' ? 'audit.carry-wrong' : 'audit.carry-failed'));
  }

  return (
    <form class="card" data-testid="audit-carry" onSubmit={carry}>
      <p>{t('audit.carry-hint')}</p>
      <label>
        {t('audit.carry-passphrase')}
        <input
          type="password"
          autocomplete="off"
          data-testid="audit-carry-passphrase"
          value={passphrase}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={busy || !passphrase}>
        {t('audit.carry')}
      </button>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
