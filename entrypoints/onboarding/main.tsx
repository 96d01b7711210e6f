import { render } from 'preact';
import { builtInNetwork } from '../../shared/network-config.js';
import { memberState } from '../popup/member-storage.js';
import { followShownName } from '../popup/shown-name.js';
import { t, useLanguage } from '../popup/ui-locale.js';
import { OnboardingPage } from './onboarding-page.js';
import '../popup/popup.css';

async function main() {
  const [settings, membership, network] = await Promise.all([
    memberState.settings(),
    memberState.membership(),
    memberState.network(),
  ]);
  await useLanguage(settings.locale);
  // Opened by itself at install, so its title stays in the browser's history: never the name.
  document.title = t('ext.discreet.name');
  followShownName(settings.discreet, { title: false });
  render(
    <OnboardingPage joined={!!membership} needsNetwork={!builtInNetwork() && !network} />,
    document.getElementById('app')!,
  );
}

void main();
