import { render } from 'preact';
import { SiteToggle } from '../popup/site-toggle.js';
import { memberState } from '../popup/member-storage.js';
import { followShownName } from '../popup/shown-name.js';
import { t, useLanguage } from '../popup/ui-locale.js';
import { SettingsForm } from './settings-form.js';
import '../popup/popup.css';

// The options page: the same settings as the popup's tab, and a control that turns flagging on
// for a site by its address (for when the popup cannot read the active tab).
async function main() {
  const settings = await memberState.settings();
  await useLanguage(settings.locale);
  followShownName(settings.discreet);
  render(
    <main class="page">
      <h1>{t('ext.tab.settings')}</h1>
      <SettingsForm />
      <SiteToggle />
    </main>,
    document.getElementById('app')!,
  );
}

void main();
