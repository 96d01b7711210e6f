import { useSignal } from '@preact/signals';
import { SettingsForm } from '../options/settings-form.js';
import { shownName } from '../popup/shown-name.js';
import { t } from '../popup/ui-locale.js';
import { OnboardingFlow } from './onboarding-flow.js';

// Opened in a tab on install: the same joining flow as the popup, then the settings (regions,
// language, discreet mode) on the same page.
export function OnboardingPage({
  joined,
  needsNetwork,
}: {
  joined: boolean;
  needsNetwork: boolean;
}) {
  const member = useSignal(joined);
  const scheme = useSignal('');
  return (
    <main class="page">
      {member.value ? (
        <>
          <h1>
            {/* The name follows discreet mode as it is switched in the settings below. */}
            {scheme.value ? t('ext.join.done', { scheme: scheme.value }) : shownName()}
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
