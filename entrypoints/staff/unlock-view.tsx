import { useState } from 'preact/hooks';
import type { Directory } from '../../shared/protocol/directory.js';
import type { RelayClient } from '../../shared/relay-client.js';
import type { SessionArea } from '../../shared/staff/session-area.js';
import { archiveVault } from '../../shared/staff/journal-rekey.js';
import { withPendingVaults } from '../../shared/staff/passphrase-change.js';
import type { StaffDb } from '../../shared/staff/staff-db.js';
import { startSession, unlockFromVaults } from '../../shared/staff/staff-session.js';
import { adoptSchemeGrants } from '../../shared/staff/member-devices.js';
import { t } from './staff-i18n.js';

/** Props of the unlock form. */
export interface UnlockViewProps {
  directory: Directory;
  relay: RelayClient;
  area: SessionArea;
  /**
   * Where the vault that opens is kept (passphrase-wrapped, as on the relay), so the shared log
   * of before a re-key can be carried over later (journal-rekey.ts).
   */
  db?: StaffDb;
  /** Called after the session was stored, with the staff vault id that opened. */
  onUnlocked: () => void;
  /** Compact layout for the popup. */
  compact?: boolean;
}

/**
 * Unlocks a scheme's keys with a staff member's own passphrase. A wrong passphrase is said
 * plainly and the field is kept so it can be corrected; the passphrase never leaves this page.
 */
export function UnlockView({ directory, relay, area, db, onUnlocked, compact }: UnlockViewProps) {
  const schemes = directory.schemes.filter((s) => s.status === 'active');
  const [scheme, setScheme] = useState(schemes[0]?.id ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [idle, setIdle] = useState(15);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function unlock(event: Event) {
    event.preventDefault();
    if (!scheme || !passphrase || busy) return;
    setBusy(true);
    setError('');
    try {
      const listed = (await relay.staffVaults(scheme)).vaults;
      // A changed passphrase whose vault the relay has not taken yet opens only this device's.
      const vaults = db ? await withPendingVaults(db, scheme, listed) : listed;
      const result = await unlockFromVaults(vaults, passphrase);
      if (!result.ok) {
        setError(t(result.reason === 'no-vaults' ? 'unlock.no-vaults' : 'unlock.wrong-passphrase'));
        return;
      }
      // Members' key epochs granted to this scheme since the vault was made (a rotation by a
      // colleague or another scheme): publish with the newest. Best effort, like the archive.
      await adoptSchemeGrants(relay, result.secrets, directory).catch(() => []);
      const boxKey = directory.schemes.find((s) => s.id === scheme)?.boxKey;
      // Best effort: without it only the carry-over after a re-key is lost, never the unlock.
      // Kept before the session starts: the unlocked page shows as soon as it does, and nothing
      // may run between that and onUnlocked (it would land after a click made there).
      if (db && boxKey) await archiveVault(db, result.vault, boxKey).catch(() => undefined);
      await startSession(area, result, { idleMinutes: idle });
      setPassphrase('');
      onUnlocked();
    } catch {
      setError(t('unlock.offline'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class={compact ? 'unlock compact' : 'unlock card'} onSubmit={unlock}>
      <h1>{t('unlock.title')}</h1>
      {!compact && <p class="hint">{t('unlock.hint')}</p>}
      <label>
        {t('unlock.scheme')}
        <select
          data-testid="staff-scheme"
          value={scheme}
          onChange={(e) => setScheme(e.currentTarget.value)}
        >
          {schemes.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('unlock.passphrase')}
        <input
          type="password"
          data-testid="staff-passphrase"
          autocomplete="off"
          spellcheck={false}
          value={passphrase}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('unlock.idle')}
        <select value={idle} onChange={(e) => setIdle(Number(e.currentTarget.value))}>
          {[5, 15, 30, 60, 120].map((m) => (
            <option key={m} value={m}>
              {t('unlock.idle-minutes', { count: m })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary" data-testid="staff-unlock" disabled={busy}>
        {busy ? t('unlock.busy') : t('unlock.button')}
      </button>
      {error && (
        <p role="alert" class="error" data-testid="unlock-error">
          {error}
        </p>
      )}
    </form>
  );
}
