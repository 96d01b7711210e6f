import { useEffect, useState } from 'preact/hooks';
import { formatDate } from '../../shared/i18n/index.js';
import {
  createMemberInvite,
  inviteState,
  type ListedInvite,
} from '../../shared/staff/member-invites.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { inviteKeyEntry } from '../../shared/staff/invite-keys.js';
import { staffLocale, t } from './staff-i18n.js';
import { ShownOnce } from './shown-once.js';

/** Member invites: create a single-use code (shown once), list them, revoke unredeemed ones. */
export function InvitesView({ workspace }: { workspace: StaffWorkspace }) {
  const [invites, setInvites] = useState<ListedInvite[] | null>(null);
  const [code, setCode] = useState('');
  const [days, setDays] = useState(7);
  const [problem, setProblem] = useState('');

  async function load() {
    try {
      const { invites } = await workspace.relay.listInvites(workspace.session.secrets);
      setInvites([...invites].sort((a, b) => b.expiresAt - a.expiresAt));
    } catch {
      setProblem(t('invites.offline'));
    }
  }

  useEffect(() => {
    void load();
  }, [workspace]);

  async function create() {
    setProblem('');
    try {
      const secrets = workspace.session.secrets;
      const createdAt = Date.now();
      const invite = await createMemberInvite(workspace.relay, secrets, { days, now: createdAt });
      // Shared with every staff device of the scheme, so any of them can check the device that
      // joins with this code and include it in a rotation (Workers' devices). Queued first:
      // offline, it is sent at the next sync.
      await workspace.journal.append(inviteKeyEntry({ ...invite, createdAt }));
      setCode(invite.code);
      await workspace.record('create-invite', invite.id);
      await load();
    } catch {
      setProblem(t('invites.failed'));
    }
  }

  async function revoke(id: string) {
    try {
      await workspace.relay.revokeInvite(workspace.session.secrets, id);
      await workspace.record('revoke-invite', id);
      await load();
    } catch {
      setProblem(t('invites.failed'));
    }
  }

  return (
    <section class="invites" aria-labelledby="invites-title">
      <h2 id="invites-title">{t('invites.title')}</h2>
      <p class="hint">{t('invites.hint')}</p>
      <div class="inline">
        <label>
          {t('invites.days')}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {[1, 7, 14, 30].map((d) => (
              <option key={d} value={d}>
                {t('invites.days-option', { count: d })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="primary"
          data-testid="create-invite"
          onClick={() => void create()}
        >
          {t('invites.create')}
        </button>
      </div>
      <ShownOnce
        secret={code}
        explain={t('invites.code-once')}
        testId="invite-code-created"
        problem={problem}
      />
      <ul class="rows">
        {invites?.map((invite) => {
          const state = inviteState(invite);
          return (
            <li key={invite.id} class="card" data-testid="invite-row" data-state={state}>
              <span>{t(`invites.state.${state}`)}</span> ·{' '}
              <span>
                {t('invites.expires', { date: formatDate(staffLocale.value, invite.expiresAt) })}
              </span>
              {state === 'open' && (
                <button
                  type="button"
                  data-testid="revoke-invite"
                  onClick={() => void revoke(invite.id)}
                >
                  {t('invites.revoke')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
