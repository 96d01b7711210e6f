import { useEffect, useState } from 'preact/hooks';
import { formatDate } from '../../shared/i18n/index.js';
import { currentMembersKey } from '../../shared/protocol/keys.js';
import {
  checkableEnrolmentKeys,
  keySentEntries,
  lacksCurrentKey,
} from '../../shared/staff/invite-keys.js';
import {
  enrolmentsCutOffByRotation,
  grantMembersKey,
  listMemberDevices,
  rotateMembers,
  sendMembersKeyToDevices,
  type EnrolledDevice,
  type UncheckedEnrolment,
} from '../../shared/staff/member-devices.js';
import type { SessionArea } from '../../shared/staff/session-area.js';
import { updateSessionSecrets } from '../../shared/staff/staff-session.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { shareKeptKeys } from './enrolment-key-db.js';
import { rotationQuestions } from './rotation-questions.js';
import { staffLocale, t } from './staff-i18n.js';

/**
 * Workers' devices (docs/staff.md "Workers' devices"): every device enrolled under this scheme's
 * invites whose enrolment key is in the staff journal (whichever staff device made the invite),
 * by enrolment date and the invite it came from (no names, no identifiers), "remove"
 * to leave one out of the next rotation, and "rotate the members' key". What rotation does not
 * do is said on the page: alerts already published stay readable to whoever held their key.
 */
export function DevicesView({ workspace, area }: { workspace: StaffWorkspace; area: SessionArea }) {
  const [devices, setDevices] = useState<EnrolledDevice[] | null>(null);
  const [unchecked, setUnchecked] = useState<UncheckedEnrolment[]>([]);
  const [cutOff, setCutOff] = useState(0);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');
  const [resend, setResend] = useState(false);
  const secrets = workspace.session.secrets;

  async function load() {
    try {
      // Keys this device kept from before go to the journal first; then colleagues' new entries
      // are read (sync never throws), so an invite made on another laptop checks out here.
      await shareKeptKeys(workspace);
      await workspace.journal.sync();
      const { invites } = await workspace.journal.view();
      const keys = checkableEnrolmentKeys(invites);
      const listed = await listMemberDevices(workspace.relay, secrets, keys);
      setDevices(listed.devices);
      setUnchecked(listed.unchecked);
      setCutOff(enrolmentsCutOffByRotation(listed.unchecked, invites).length);
      const current = currentMembersKey(secrets.members).epoch;
      const behind = listed.devices.filter((d) => lacksCurrentKey(invites.get(d.invite), current));
      if (behind.length > 0) await catchUp(behind);
    } catch {
      setProblem(t('devices.offline'));
    }
  }

  /**
   * A device that joined with an invite made before a rotation holds only the older keys its
   * code carried: it is sent the current one as soon as a staff page lists it, and the journal
   * records that (the audit page shows it), so no colleague sends it again.
   */
  async function catchUp(behind: EnrolledDevice[]) {
    try {
      const epoch = await sendMembersKeyToDevices(workspace.relay, secrets, behind);
      await recordSent(epoch, behind);
      setStatus(t('devices.caught-up', { epoch, count: behind.length }));
    } catch {
      // Not recorded as sent: the next listing, here or on a colleague's device, tries again.
      setProblem(t('devices.failed'));
    }
  }

  async function recordSent(epoch: number, sentTo: readonly EnrolledDevice[]) {
    const entries = keySentEntries(
      epoch,
      sentTo.map((d) => d.invite),
    );
    for (const entry of entries) await workspace.journal.append(entry);
  }

  useEffect(() => {
    void load();
  }, [workspace]);

  async function remove(invite: string) {
    if (!window.confirm(t('devices.confirm-remove'))) return;
    setProblem('');
    try {
      // Recorded in the journal first: from then on the invite's key is left out on every staff
      // device, so even if the relay keeps or serves the enrolment again it cannot slip into a
      // rotation (offline, the entry waits in this device's queue and already counts here).
      await workspace.record('remove-device', invite);
      await workspace.relay.removeEnrolment(secrets, invite).catch(() => undefined);
      setStatus(t('devices.removed'));
      await load();
    } catch {
      setProblem(t('devices.failed'));
    }
  }

  async function rotate() {
    if (!devices) return;
    // Devices that cannot be checked here get no new key: staff confirm that twice, knowingly.
    for (const question of rotationQuestions(cutOff)) if (!window.confirm(question)) return;
    setBusy(true);
    setProblem('');
    setStatus('');
    const held = secrets.members.length;
    try {
      const rotated = await rotateMembers(workspace.relay, secrets, workspace.directory, devices);
      await updateSessionSecrets(area, secrets);
      await workspace.record('rotate-members-key');
      await recordSent(rotated.epoch, devices);
      setResend(false);
      setStatus(t('devices.rotated', { epoch: rotated.epoch, count: rotated.devices }));
    } catch {
      // The new epoch may already be in use: keep it and offer to send it again.
      if (secrets.members.length > held) {
        await updateSessionSecrets(area, secrets);
        setResend(true);
      }
      setProblem(t('devices.failed'));
    } finally {
      setBusy(false);
    }
  }

  async function sendAgain() {
    if (!devices) return;
    setBusy(true);
    setProblem('');
    try {
      const sent = await grantMembersKey(workspace.relay, secrets, workspace.directory, devices);
      setResend(false);
      const epoch = currentMembersKey(secrets.members).epoch;
      await recordSent(epoch, devices);
      setStatus(t('devices.rotated', { epoch, count: sent.devices }));
    } catch {
      setProblem(t('devices.failed'));
    } finally {
      setBusy(false);
    }
  }

  const date = (at: number) => formatDate(staffLocale.value, at);
  return (
    <section class="devices" aria-labelledby="devices-title" aria-busy={devices === null}>
      <h2 id="devices-title">{t('devices.title')}</h2>
      <p class="hint">{t('devices.hint')}</p>
      <p class="hint" data-testid="rotation-limits">
        {t('devices.limits')}
      </p>
      <p>{t('devices.epoch', { epoch: currentMembersKey(secrets.members).epoch })}</p>
      {cutOff > 0 && (
        <p class="warning" data-testid="rotation-cut-off">
          {t('devices.cut-off-warning', { count: cutOff })}
        </p>
      )}
      <div class="inline">
        <button
          type="button"
          class="primary"
          data-testid="rotate-members-key"
          disabled={busy || devices === null}
          onClick={() => void rotate()}
        >
          {busy ? t('devices.rotating') : t('devices.rotate')}
        </button>
        {(resend || (devices !== null && devices.length > 0)) && (
          <button
            type="button"
            data-testid="send-key-again"
            disabled={busy}
            onClick={() => void sendAgain()}
          >
            {t('devices.send-again')}
          </button>
        )}
      </div>
      {status && (
        <p role="status" data-testid="devices-status">
          {status}
        </p>
      )}
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {devices?.length === 0 && <p>{t('devices.none')}</p>}
      <ul class="rows">
        {devices?.map((device) => (
          <li key={device.invite} class="card inline" data-testid="member-device">
            <span>
              {t('devices.device', {
                date: date(device.enrolledAt),
                invite: device.invite.slice(0, 6),
              })}
            </span>
            <button
              type="button"
              class="danger"
              data-testid="remove-device"
              onClick={() => void remove(device.invite)}
            >
              {t('devices.remove')}
            </button>
          </li>
        ))}
      </ul>
      {unchecked.length > 0 && (
        <>
          <h3>{t('devices.unchecked-title')}</h3>
          <p class="hint">{t('devices.unchecked-hint')}</p>
          <ul class="rows">
            {unchecked.map((entry) => (
              <li key={entry.invite} class="card" data-testid="unchecked-device">
                {t('devices.device', {
                  date: date(entry.enrolledAt),
                  invite: entry.invite.slice(0, 6),
                })}{' '}
                · {t(`devices.reason.${entry.reason}`)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
