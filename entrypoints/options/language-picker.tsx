import { browser } from 'wxt/browser';
import { LOCALE_NAMES, LOCALES } from '../../shared/i18n/index.js';
import { memberState } from '../popup/member-storage.js';
import { t, uiLocale, useLanguage } from '../popup/ui-locale.js';

/** The language chooser, each language named in itself so anyone can find their own. */
export function LanguagePicker() {
  async function choose(locale: string) {
    await memberState.updateSettings({ locale });
    await useLanguage(locale);
    await browser.runtime.sendMessage({ type: 'umn:settings-changed' }).catch(() => undefined);
  }
  return (
    <label class="language">
      {t('ext.settings.language')}
      <select
        data-testid="language"
        value={uiLocale.value}
        onChange={(e) => void choose(e.currentTarget.value)}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
