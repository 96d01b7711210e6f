import { useState } from 'preact/hooks';
import {
  changeStaffPassphrase,
  finishPassphraseChange,
} from '../../shared/staff/passphrase-change.js';
import type { SessionArea } from '../../shared/staff/session-area.js';
import type { StaffDb } from '../../shared/staff/staff-db.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { t } from './staff-i18n.js';
import { ShownOnce } from './shown-once.js';

/**
 * "Change my passphrase": the current passphrase confirms it is the staff member at the
 * keyboard, then a new generated one is shown once, as a new colleague's is, with what happens
 * on their other devices. The colleague who added them no longer signs as them.
 */
export function PassphraseChangeView(props: {
  workspace: StaffWorkspace;
  area: SessionArea;
  db: StaffDb;
}) {
  const { workspace, area, db } = props;
  const [current, setCurrent] = useState('');
  const [created, setCreated] = useState('');
  const [stored, setStored] = useState(true);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  async function change(event: Event) {
    event.preventDefault();
    if (!current || busy) return;
    setBusy(true);
    setProblem('');
    const outcome = await changeStaffPassphrase(
      {
        session: workspace.session,
        journal: workspace.journal,
        relay: workspace.relay,
        db,
        area,
        boxKey: workspace.scheme.boxKey,
      },
      current,
    ).catch(() => ({ ok: false, reason: 'offline' }) as const);
    setBusy(false);
    setCurrent('');
    if (!outcome.ok) return setProblem(t(`members.change-${outcome.reason}`));
    setCreated(outcome.passphrase);
    setStored(outcome.stored);
  }

  async function retry() {
    setBusy(true);
    const { session, journal, relay } = workspace;
    const outcome = await finishPassphraseChange({ session, journal, relay, db });
    setBusy(false);
    if (outcome === 'stored' || outcome === 'none') setStored(true);
  }

  return (
    <div class="card" data-testid="passphrase-change">
      <h3>{t('members.own-title')}</h3>
      <p class="hint">{t('members.change-hint')}</p>
      <form onSubmit={change}>
        <label>
          {t('members.change-current')}
          <input
            type="password"
            autocomplete="off"
            spellcheck={false}
            data-testid="passphrase-current"
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </label>
        <button type="submit" data-testid="passphrase-change-button" disabled={busy || !current}>
          {busy ? t('members.changing') : t('members.change')}
        </button>
      </form>
      <ShownOnce
        secret={created}
        explain={t('members.change-once')}
        testId="passphrase-changed"
        problem={problem}
      />
      {created && <p class="hint">{t('members.change-other-devices')}</p>}
      {created && !stored && (
        <p class="error" role="alert" data-testid="passphrase-not-stored">
          {t('members.change-not-stored')}{' '}
          <button type="button" disabled={busy} onClick={() => void retry()}>
            {t('members.change-retry')}
          </button>
        </p>
      )}
      {created && stored && (
        <p class="ok" data-testid="passphrase-stored">
          {t('members.change-stored')}
        </p>
      )}
    </div>
  );
}
