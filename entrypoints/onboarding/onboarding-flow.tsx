import { signal, useSignal, type Signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { parseCode } from '../../shared/protocol/code.js';
import type { ExtensionReplies } from '../background/messages.js';
import { LanguagePicker } from '../options/language-picker.js';
import { t } from '../popup/ui-locale.js';
import { DiscreetChoice } from './discreet-choice.js';

/**
 * What was typed into the join form, held by the page that shows the form, so folding it away
 * and showing it again (the popup's "I am scheme staff" moves it) keeps the typing. Memory only,
 * never written to storage: an invite code works once, and a stored one would outlive the popup
 * on a shared device.
 */
export interface JoinDraft {
  step: Signal<'network' | 'invite'>;
  relayUrl: Signal<string>;
  rootKey: Signal<string>;
  code: Signal<string>;
}

/** An empty join form, starting at the network step when the build has no network. */
export function createJoinDraft(needsNetwork: boolean): JoinDraft {
  return {
    step: signal(needsNetwork ? 'network' : 'invite'),
    relayUrl: signal(''),
    rootKey: signal(''),
    code: signal(''),
  };
}

/**
 * Joining the network: the network's address and pinned key (only for a build without one),
 * then the invite code from the scheme's staff. The code is checked as it is typed (its check
 * characters catch a mistyped or swapped character) before anything is sent, because an invite
 * works only once. Discreet mode is offered here, before joining; regions and language follow
 * in the settings screen.
 */
export function OnboardingFlow({
  needsNetwork,
  onJoined,
  draft,
}: {
  needsNetwork: boolean;
  onJoined: (schemeName: string) => void;
  /** Kept by a parent that may unmount the form and show it again; its own otherwise. */
  draft?: JoinDraft;
}) {
  const own = useMemo(() => createJoinDraft(needsNetwork), []);
  const { step, relayUrl, rootKey, code } = draft ?? own;
  const busy = useSignal(false);
  const error = useSignal('');

  async function saveNetwork(event: Event) {
    event.preventDefault();
    busy.value = true;
    const reply = (await browser.runtime.sendMessage({
      type: 'umn:set-network',
      relayUrl: relayUrl.value,
      rootKey: rootKey.value,
    })) as ExtensionReplies['umn:set-network'];
    busy.value = false;
    if (reply.ok) {
      error.value = '';
      step.value = 'invite';
    } else error.value = t(`ext.network.problem.${reply.problem}`);
  }

  async function join(event: Event) {
    event.preventDefault();
    const parsed = parseCode(code.value);
    if (!parsed.ok) {
      error.value = t(`ext.join.problem.${parsed.problem}`);
      return;
    }
    busy.value = true;
    error.value = '';
    const reply = (await browser.runtime
      .sendMessage({ type: 'umn:join', code: parsed.code.text })
      .catch(() => ({ ok: false, problem: 'relay-error' }))) as ExtensionReplies['umn:join'];
    busy.value = false;
    if (reply.ok) {
      // Spent: not kept in memory for a form shown again after leaving.
      code.value = '';
      onJoined(reply.schemeName);
    } else error.value = t(`ext.join.problem.${reply.problem}`);
  }

  const typed = code.value.trim() ? parseCode(code.value) : null;
  // Shown while typing; once the worker pressed Join, the one message is the error below the
  // button (the same words twice read as two problems).
  const live =
    typed && !typed.ok && typed.problem !== 'wrong-length' && !error.value ? typed.problem : null;

  return (
    <section class="onboarding">
      <h1>{t('ext.onboarding.title')}</h1>
      <LanguagePicker />
      {step.value === 'network' ? (
        <form onSubmit={(e) => void saveNetwork(e)}>
          <p>{t('ext.network.explain')}</p>
          <label>
            {t('ext.network.relay')}
            <input
              data-testid="relay-url"
              type="url"
              dir="ltr"
              required
              value={relayUrl.value}
              onInput={(e) => (relayUrl.value = e.currentTarget.value)}
            />
          </label>
          <label>
            {t('ext.network.key')}
            <input
              data-testid="root-key"
              dir="ltr"
              required
              autocomplete="off"
              spellcheck={false}
              value={rootKey.value}
              onInput={(e) => (rootKey.value = e.currentTarget.value)}
            />
          </label>
          <button type="submit" data-testid="save-network" disabled={busy.value}>
            {t('ext.network.save')}
          </button>
        </form>
      ) : (
        <form onSubmit={(e) => void join(e)}>
          <p>{t('ext.join.explain')}</p>
          <label>
            {t('ext.join.code')}
            <input
              data-testid="invite-code"
              dir="ltr"
              autocomplete="off"
              spellcheck={false}
              placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
              aria-invalid={live !== null}
              aria-describedby="join-error"
              value={code.value}
              onInput={(e) => {
                code.value = e.currentTarget.value;
                error.value = '';
              }}
            />
          </label>
          {live && <p class="warning">{t(`ext.join.problem.${live}`)}</p>}
          <DiscreetChoice />
          <button type="submit" data-testid="join" disabled={busy.value}>
            {busy.value ? t('ext.join.joining') : t('ext.join.button')}
          </button>
        </form>
      )}
      <p id="join-error" class="error" role="alert" data-testid="join-error">
        {error.value}
      </p>
    </section>
  );
}
