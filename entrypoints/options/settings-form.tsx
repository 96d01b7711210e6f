import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { resolveNetwork } from '../../shared/network-config.js';
import {
  directoryRegions,
  storedDirectory,
  type MemberSettings,
  type NotifyLevel,
} from '../../shared/sync/index.js';
import { enabledPatterns } from '../background/site-access.js';
import { memberState } from '../popup/member-storage.js';
import { t } from '../popup/ui-locale.js';
import { LanguagePicker } from './language-picker.js';
import { regionLabel } from '../../shared/text/region-label.js';

/**
 * The worker's choices: regions, language, discreet mode, notifications, and the sites where
 * page flagging is on. Used in the popup's settings tab and on the options page.
 */
export function SettingsForm() {
  const settings = useSignal<MemberSettings | null>(null);
  const regions = useSignal<string[]>([]);
  const sites = useSignal<string[]>([]);

  useEffect(() => {
    void (async () => {
      settings.value = await memberState.settings();
      const network = resolveNetwork(await memberState.network());
      const directory = network && (await storedDirectory(memberState, network.rootKey));
      regions.value = directory ? directoryRegions(directory) : [];
      sites.value = await enabledPatterns();
    })();
  }, []);

  async function change(update: Partial<MemberSettings>) {
    settings.value = await memberState.updateSettings(update);
    await browser.runtime.sendMessage({ type: 'umn:settings-changed' }).catch(() => undefined);
  }

  async function removeSite(pattern: string) {
    await browser.permissions.remove({ origins: [pattern] });
    sites.value = await enabledPatterns();
  }

  const current = settings.value;
  if (!current) return null;
  const toggleRegion = (region: string, on: boolean) =>
    change({
      regions: on ? [...current.regions, region] : current.regions.filter((r) => r !== region),
    });

  return (
    <section class="settings">
      <LanguagePicker />
      <fieldset>
        <legend>{t('ext.settings.regions')}</legend>
        <p class="hint">{t('ext.settings.regions-hint')}</p>
        {regions.value.map((region) => (
          <label key={region} class="inline">
            <input
              type="checkbox"
              data-testid={`region-${region}`}
              checked={current.regions.includes(region)}
              onChange={(e) => void toggleRegion(region, e.currentTarget.checked)}
            />
            {regionLabel(region)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('ext.settings.notify')}</legend>
        {(['serious', 'all', 'off'] as NotifyLevel[]).map((level) => (
          <label key={level} class="inline">
            <input
              type="radio"
              name="notify"
              checked={current.notify === level}
              onChange={() => void change({ notify: level })}
            />
            {t(`ext.settings.notify.${level}`)}
          </label>
        ))}
        <label class="inline">
          <input
            type="checkbox"
            data-testid="detailed-notifications"
            checked={current.detailedNotifications}
            disabled={current.discreet}
            onChange={(e) => void change({ detailedNotifications: e.currentTarget.checked })}
          />
          {t('ext.settings.detailed')}
        </label>
        <p class="hint">{t('ext.settings.detailed-hint')}</p>
      </fieldset>
      <label class="inline">
        <input
          type="checkbox"
          data-testid="discreet"
          checked={current.discreet}
          onChange={(e) => void change({ discreet: e.currentTarget.checked })}
        />
        {t('ext.settings.discreet')}
      </label>
      <p class="hint">{t('ext.settings.discreet-hint')}</p>
      <fieldset>
        <legend>{t('ext.settings.sites')}</legend>
        {sites.value.length === 0 && <p class="hint">{t('ext.settings.no-sites')}</p>}
        {sites.value.map((pattern) => (
          <p key={pattern} class="site-row">
            <span dir="ltr">{pattern.replace(/\/\*$/, '')}</span>
            <button type="button" onClick={() => void removeSite(pattern)}>
              {t('ext.site.turn-off')}
            </button>
          </p>
        ))}
      </fieldset>
    </section>
  );
}
