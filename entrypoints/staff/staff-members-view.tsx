import { useEffect, useState } from 'preact/hooks';
import type { StaffVault } from '../../shared/protocol/staff-vault.js';
import { addStaffMember, removeStaffMember } from '../../shared/staff/staff-members.js';
import type { SessionArea } from '../../shared/staff/session-area.js';
import type { StaffDb } from '../../shared/staff/staff-db.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { PassphraseChangeView } from './passphrase-change-view.js';
import { t } from './staff-i18n.js';
import { ShownOnce } from './shown-once.js';

/**
 * Staff members of the scheme: add one (a new vault under a generated passphrase, shown once),
 * remove another's vault, or change one's own passphrase. Vaults carry random ids, no names: the
 * relay never learns who works for a scheme.
 */
export function StaffMembersView(props: {
  workspace: StaffWorkspace;
  area: SessionArea;
  db: StaffDb;
}) {
  const { workspace } = props;
  const [vaults, setVaults] = useState<StaffVault[] | null>(null);
  const [handover, setHandover] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  async function load() {
    try {
      setVaults((await workspace.relay.staffVaults(workspace.scheme.id)).vaults);
    } catch {
      setProblem(t('members.offline'));
    }
  }

  useEffect(() => {
    void load();
  }, [workspace]);

  async function add() {
    setBusy(true);
    setProblem('');
    try {
      const added = await addStaffMember(workspace.relay, workspace.session.secrets);
      setHandover(added.passphrase);
      await workspace.record('add-staff', added.staff);
      await load();
    } catch {
      setProblem(t('members.failed'));
    } finally {
      setBusy(false);
    }
  }

  async function remove(staff: string) {
    if (!vaults || !window.confirm(t('members.confirm-remove'))) return;
    try {
      const result = await removeStaffMember(
        workspace.relay,
        workspace.session.secrets,
        vaults,
        workspace.session.staff,
        staff,
      );
      if (!result.ok) return setProblem(t(`members.${result.reason}`));
      await workspace.record('remove-staff', staff);
      await load();
    } catch {
      setProblem(t('members.failed'));
    }
  }

  return (
    <section class="members" aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <p class="hint">{t('members.hint')}</p>
      <button
        type="button"
        class="primary"
        data-testid="add-staff"
        disabled={busy}
        onClick={() => void add()}
      >
        {busy ? t('members.adding') : t('members.add')}
      </button>
      <ShownOnce
        secret={handover}
        explain={t('members.passphrase-once')}
        testId="staff-passphrase-created"
        problem={problem}
      />
      <ul class="rows">
        {vaults?.map((vault) => (
          <li key={vault.staff} class="card inline" data-testid="staff-member">
            <span>
              {t('members.vault', { id: vault.staff.slice(0, 6) })}
              {vault.staff === workspace.session.staff && ` (${t('audit.you')})`}
            </span>
            {vault.staff !== workspace.session.staff && (
              <button
                type="button"
                class="danger"
                data-testid="remove-staff"
                onClick={() => void remove(vault.staff)}
              >
                {t('members.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p class="hint">{t('members.rekey-note')}</p>
      <PassphraseChangeView workspace={workspace} area={props.area} db={props.db} />
    </section>
  );
}
