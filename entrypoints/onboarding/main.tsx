import { render } from 'preact';
import { useSignal } from '@preact/signals';
import { builtInNetwork } from '../../shared/network-config.js';
import { SettingsForm } from '../options/settings-form.js';
import { memberState } from '../popup/member-storage.js';
import { t, useLanguage } from '../popup/ui-locale.js';
import { OnboardingFlow } from './onboarding-flow.js';
import '../popup/popup.css';

// Opened in a tab on install: the same joining flow as the popup, then the settings (regions,
// language, discreet mode) on the same page.
function OnboardingPage({
  joined,
  needsNetwork,
  discreet,
}: {
  joined: boolean;
  needsNetwork: boolean;
  discreet: boolean;
}) {
  const member = useSignal(joined);
  const scheme = useSignal('');
  return (
    <main class="page">
      {member.value ? (
        <>
          <h1>
            {scheme.value
              ? t('ext.join.done', { scheme: scheme.value })
              : t(discreet ? 'ext.discreet.name' : 'ext.name')}
          </h1>
          <SettingsForm />
        </>
      ) : (
        <OnboardingFlow
          needsNetwork={needsNetwork}
          onJoined={(name) => {
            scheme.value = name;
            member.value = true;
          }}
        />
      )}
    </main>
  );
}

async function main() {
  const [settings, membership, network] = await Promise.all([
    memberState.settings(),
    memberState.membership(),
    memberState.network(),
  ]);
  await useLanguage(settings.locale);
  // Opened by itself at install, so its title stays in the browser's history: never the name.
  document.title = t('ext.discreet.name');
  render(
    <OnboardingPage
      joined={!!membership}
      needsNetwork={!builtInNetwork() && !network}
      discreet={settings.discreet}
    />,
    document.getElementById('app')!,
  );
}

void main();
