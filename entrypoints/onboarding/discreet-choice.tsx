import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { memberState } from '../popup/member-storage.js';
import { t } from '../popup/ui-locale.js';

/**
 * The choice, offered while joining, between the extension showing its name and discreet mode
 * (a plain notes icon and the name "Notes"), explained, so a worker on a shared or inspected
 * device is safe from the first minute rather than after finding it in Settings.
 */
export function DiscreetChoice() {
  const discreet = useSignal<boolean | null>(null);

  useEffect(() => {
    void memberState.settings().then((s) => (discreet.value = s.discreet));
  }, []);

  async function choose(value: boolean) {
    discreet.value = value;
    await memberState.updateSettings({ discreet: value });
    await browser.runtime.sendMessage({ type: 'umn:settings-changed' }).catch(() => undefined);
  }

  if (discreet.value === null) return null;
  return (
    <fieldset class="discreet-choice" data-testid="discreet-choice">
      <legend>{t('ext.onboarding.discreet.title')}</legend>
      <p class="hint">{t('ext.onboarding.discreet.explain')}</p>
      <label class="inline">
        <input
          type="radio"
          name="discreet-choice"
          data-testid="discreet-on"
          checked={discreet.value}
          onChange={() => void choose(true)}
        />
        {t('ext.onboarding.discreet.on')}
      </label>
      <label class="inline">
        <input
          type="radio"
          name="discreet-choice"
          data-testid="discreet-off"
          checked={!discreet.value}
          onChange={() => void choose(false)}
        />
        {t('ext.onboarding.discreet.off')}
      </label>
    </fieldset>
  );
}
